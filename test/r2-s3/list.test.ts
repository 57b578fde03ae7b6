import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { CreateBucketCommand, ListObjectsCommand, ListObjectsV2Command, PutObjectCommand } from "@aws-sdk/client-s3";
import { useS3Dev, type S3Dev } from "./s3-dev.js";

const Bucket = "listing";
const KEYS = ["a.txt", "b/1.txt", "b/2.txt", "b/sub/3.txt", "c/4.txt", "d e+f.txt", "z.txt"];

describe("S3 API listing", () => {
  let s3: S3Dev;
  useS3Dev((started) => (s3 = started));
  before(async () => {
    await s3.client.send(new CreateBucketCommand({ Bucket }));
    for (const Key of KEYS) await s3.client.send(new PutObjectCommand({ Bucket, Key, Body: Key }));
  });

  it("ListObjectsV2: every key in order with size, etag and storage class", async () => {
    const page = await s3.client.send(new ListObjectsV2Command({ Bucket }));
    assert.deepEqual(page.Contents!.map((object) => object.Key), KEYS);
    assert.equal(page.KeyCount, KEYS.length);
    assert.equal(page.IsTruncated, false);
    assert.equal(page.Contents![0]!.Size, 5);
    assert.match(page.Contents![0]!.ETag!, /^"[0-9a-f]{32}"$/);
    assert.equal(page.Contents![0]!.StorageClass, "STANDARD");
  });

  it("ListObjectsV2: prefix and delimiter fold keys into CommonPrefixes", async () => {
    const top = await s3.client.send(new ListObjectsV2Command({ Bucket, Delimiter: "/" }));
    assert.deepEqual(top.Contents!.map((object) => object.Key), ["a.txt", "d e+f.txt", "z.txt"]);
    assert.deepEqual(top.CommonPrefixes!.map((prefix) => prefix.Prefix), ["b/", "c/"]);
    const inB = await s3.client.send(new ListObjectsV2Command({ Bucket, Prefix: "b/", Delimiter: "/" }));
    assert.deepEqual(inB.Contents!.map((object) => object.Key), ["b/1.txt", "b/2.txt"]);
    assert.deepEqual(inB.CommonPrefixes!.map((prefix) => prefix.Prefix), ["b/sub/"]);
  });

  it("ListObjectsV2: max-keys pages through continuation tokens; start-after skips ahead", async () => {
    const seen: string[] = [];
    let ContinuationToken: string | undefined;
    do {
      const page = await s3.client.send(new ListObjectsV2Command({ Bucket, MaxKeys: 2, ContinuationToken }));
      assert.ok(page.KeyCount! <= 2);
      seen.push(...page.Contents!.map((object) => object.Key!));
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken !== undefined);
    assert.deepEqual(seen, KEYS);
    const after = await s3.client.send(new ListObjectsV2Command({ Bucket, StartAfter: "c/4.txt" }));
    assert.deepEqual(after.Contents!.map((object) => object.Key), ["d e+f.txt", "z.txt"]);
  });

  it("ListObjectsV2: encoding-type=url encodes keys", async () => {
    const page = await s3.client.send(new ListObjectsV2Command({ Bucket, Prefix: "d", EncodingType: "url" }));
    assert.equal(page.EncodingType, "url");
    assert.deepEqual(page.Contents!.map((object) => decodeURIComponent(object.Key!)), ["d e+f.txt"]);
    assert.notEqual(page.Contents![0]!.Key, "d e+f.txt");
  });

  it("ListObjects (V1): marker paging with a delimiter never repeats a common prefix", async () => {
    const keys: string[] = [];
    const prefixes: string[] = [];
    let Marker: string | undefined;
    do {
      const page = await s3.client.send(new ListObjectsCommand({ Bucket, Delimiter: "/", MaxKeys: 1, Marker }));
      keys.push(...(page.Contents ?? []).map((object) => object.Key!));
      prefixes.push(...(page.CommonPrefixes ?? []).map((prefix) => prefix.Prefix!));
      Marker = page.IsTruncated ? page.NextMarker : undefined;
    } while (Marker !== undefined);
    assert.deepEqual(keys, ["a.txt", "d e+f.txt", "z.txt"]);
    assert.deepEqual(prefixes, ["b/", "c/"]);
  });

  it("ListObjects: a bad max-keys or encoding-type is InvalidArgument naming the parameter", async () => {
    const response = await s3.client.send(new ListObjectsV2Command({ Bucket, MaxKeys: 0 }));
    assert.equal(response.KeyCount, 0);
    await assert.rejects(s3.client.send(new ListObjectsV2Command({ Bucket, EncodingType: "base64" as "url" })), (error: Error) => {
      assert.equal(error.name, "InvalidArgument");
      assert.match(error.message, /encoding-type/);
      return true;
    });
  });
});
