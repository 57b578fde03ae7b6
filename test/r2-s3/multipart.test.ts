import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { describe, it } from "node:test";
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
  UploadPartCopyCommand,
} from "@aws-sdk/client-s3";
import { FIXTURE_BUCKET, s3Failure, useS3Dev, type S3Dev } from "./s3-dev.js";

const Bucket = FIXTURE_BUCKET;
const MiB = 1024 * 1024;

/** `mebibytes` MiB of bytes all equal to `fill`, as a stream of 1 MiB chunks (never held whole). */
function filledStream(fill: number, mebibytes: number): Readable {
  const chunk = Buffer.alloc(MiB, fill);
  return Readable.from((function* () {
    for (let i = 0; i < mebibytes; i++) yield chunk;
  })());
}

describe("S3 API multipart uploads", () => {
  let s3: S3Dev;
  useS3Dev((started) => (s3 = started));

  it("Multipart: a 100 MiB upload of 5 streamed 20 MiB parts completes with a -5 etag and reads back whole", async () => {
    const Key = "big/hundred.bin";
    const { UploadId } = await s3.client.send(new CreateMultipartUploadCommand({ Bucket, Key, ContentType: "application/x-big", Metadata: { parts: "5" } }));
    const expected = createHash("sha256");
    const parts = [];
    for (let PartNumber = 1; PartNumber <= 5; PartNumber++) {
      const { ETag } = await s3.client.send(
        new UploadPartCommand({ Bucket, Key, UploadId, PartNumber, Body: filledStream(PartNumber, 20), ContentLength: 20 * MiB }),
      );
      parts.push({ PartNumber, ETag });
      for (let i = 0; i < 20; i++) expected.update(Buffer.alloc(MiB, PartNumber));
    }
    const listed = await s3.client.send(new ListPartsCommand({ Bucket, Key, UploadId }));
    assert.deepEqual(listed.Parts!.map((part) => [part.PartNumber, part.Size, part.ETag]), parts.map((part) => [part.PartNumber, 20 * MiB, part.ETag]));
    const completed = await s3.client.send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts: parts } }));
    assert.match(completed.ETag!, /^"[0-9a-f]{32}-5"$/);

    const got = await s3.client.send(new GetObjectCommand({ Bucket, Key }));
    assert.equal(got.ContentLength, 100 * MiB);
    assert.equal(got.ContentType, "application/x-big");
    assert.deepEqual(got.Metadata, { parts: "5" });
    const actual = createHash("sha256");
    for await (const chunk of got.Body as Readable) actual.update(chunk as Buffer);
    assert.equal(actual.digest("hex"), expected.digest("hex"));
    const tail = await s3.client.send(new GetObjectCommand({ Bucket, Key, Range: `bytes=${100 * MiB - 2}-` }));
    assert.deepEqual([...(await tail.Body!.transformToByteArray())], [5, 5]);
  });

  it("UploadPartCopy: a part copied from a byte range of another object", async () => {
    await s3.client.send(new PutObjectCommand({ Bucket, Key: "copy-source", Body: "0123456789abcdefghij" }));
    const Key = "assembled";
    const { UploadId } = await s3.client.send(new CreateMultipartUploadCommand({ Bucket, Key }));
    const copied = await s3.client.send(
      new UploadPartCopyCommand({ Bucket, Key, UploadId, PartNumber: 1, CopySource: `${Bucket}/copy-source`, CopySourceRange: "bytes=10-19" }),
    );
    assert.equal(copied.CopyPartResult!.ETag, `"${createHash("md5").update("abcdefghij").digest("hex")}"`);
    await s3.client.send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: copied.CopyPartResult!.ETag }] } }));
    const got = await s3.client.send(new GetObjectCommand({ Bucket, Key }));
    assert.equal(await got.Body!.transformToString(), "abcdefghij");
  });

  it("ListMultipartUploads: open uploads are listed; after abort the upload is NoSuchUpload", async () => {
    const Key = "pending/upload";
    const { UploadId } = await s3.client.send(new CreateMultipartUploadCommand({ Bucket, Key }));
    const listed = await s3.client.send(new ListMultipartUploadsCommand({ Bucket, Prefix: "pending/" }));
    assert.deepEqual(listed.Uploads!.map((upload) => [upload.Key, upload.UploadId]), [[Key, UploadId]]);
    await s3.client.send(new AbortMultipartUploadCommand({ Bucket, Key, UploadId }));
    const after = await s3.client.send(new ListMultipartUploadsCommand({ Bucket, Prefix: "pending/" }));
    assert.equal((after.Uploads ?? []).length, 0);
    const failure = await s3Failure(s3.client.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 1, Body: "x" })));
    assert.deepEqual([failure.code, failure.status], ["NoSuchUpload", 404]);
  });

  it("CompleteMultipartUpload: a small non-final part is EntityTooSmall; a wrong etag is InvalidPart", async () => {
    const Key = "too-small";
    const { UploadId } = await s3.client.send(new CreateMultipartUploadCommand({ Bucket, Key }));
    const one = await s3.client.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 1, Body: "small" }));
    const two = await s3.client.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 2, Body: "last" }));
    const small = await s3Failure(
      s3.client.send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: one.ETag }, { PartNumber: 2, ETag: two.ETag }] } })),
    );
    assert.deepEqual([small.code, small.status], ["EntityTooSmall", 400]);
    const wrong = await s3Failure(
      s3.client.send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: '"00000000000000000000000000000000"' }] } })),
    );
    assert.deepEqual([wrong.code, wrong.status], ["InvalidPart", 400]);
    assert.equal((await s3Failure(s3.client.send(new HeadObjectCommand({ Bucket, Key })))).status, 404);
  });

  it("UploadPart: a part number outside 1..10000 is InvalidArgument", async () => {
    const Key = "bad-part";
    const { UploadId } = await s3.client.send(new CreateMultipartUploadCommand({ Bucket, Key }));
    const failure = await s3Failure(s3.client.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 10001, Body: "x" })));
    assert.deepEqual([failure.code, failure.status], ["InvalidArgument", 400]);
    assert.match(failure.message, /partNumber/);
  });
});
