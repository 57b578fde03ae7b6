import assert from "node:assert/strict";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { after, before, describe, it } from "node:test";
import type { R2Event } from "./events.js";
import { R2Store } from "./store.js";

const body = (text: string) => Readable.from([Buffer.from(text)]);

async function text(stream: Readable): Promise<string> {
  let out = "";
  for await (const chunk of stream) out += chunk;
  return out;
}

describe("R2Store", () => {
  let dir: string;
  let store: R2Store;
  const events: R2Event[] = [];
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "outpost-r2-store-"));
    store = await R2Store.open(dir, { clock: { now: () => Date.UTC(2030, 0, 1) } });
    store.onEvent((event) => events.push(event));
    store.createBucket("photos");
  });
  after(async () => {
    store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("R2Store: copy streams the bytes, keeps or replaces metadata, and reports a CopyObject event", async () => {
    await store.put("photos", "a.txt", body("hello"), { httpMetadata: { contentType: "text/plain" }, customMetadata: { x: "1" } });
    const kept = await store.copy("photos", "a.txt", "photos", "b.txt");
    assert.deepEqual(kept!.httpMetadata, { contentType: "text/plain" });
    const replaced = await store.copy("photos", "a.txt", "photos", "c.txt", { customMetadata: { y: "2" } });
    assert.deepEqual(replaced!.customMetadata, { y: "2" });
    assert.equal(await text((await store.get("photos", "c.txt"))!.body!), "hello");
    assert.equal(await store.copy("photos", "a.txt", "photos", "d.txt", { onlyIf: { etagMatches: ["nope"] } }), null);
    assert.deepEqual(events.at(-1), { action: "CopyObject", bucket: "photos", object: { key: "c.txt", size: 5, eTag: kept!.etag }, copySource: { bucket: "photos", object: "a.txt" } });
    await assert.rejects(store.copy("photos", "missing", "photos", "e"), { code: "NoSuchKey" });
  });

  it("R2Store: buckets refuse bad names, duplicates, and deletion while not empty", async () => {
    assert.throws(() => store.createBucket("UPPER"), { code: "InvalidBucketName" });
    assert.throws(() => store.createBucket("photos"), { code: "BucketAlreadyExists" });
    assert.throws(() => store.deleteBucket("photos"), { code: "BucketNotEmpty" });
    assert.throws(() => store.deleteBucket("nope"), { code: "NoSuchBucket" });
    await assert.rejects(store.head("nope", "k"), { code: "NoSuchBucket", status: 404 });
    store.ensureBucket("photos");
    assert.deepEqual(store.listBuckets(), [{ name: "photos", creationDate: new Date(Date.UTC(2030, 0, 1)) }]);
  });

  it("R2Store: bucket CORS rules are stored as given", () => {
    assert.equal(store.getBucketCors("photos"), null);
    store.putBucketCors("photos", [{ allowedOrigins: ["*"] }]);
    assert.deepEqual(store.getBucketCors("photos"), [{ allowedOrigins: ["*"] }]);
    store.deleteBucketCors("photos");
    assert.equal(store.getBucketCors("photos"), null);
  });

  it("R2Store: listMultipartUploads and listParts page through open uploads", async () => {
    const first = await store.createMultipartUpload("photos", "dir/one");
    const second = await store.createMultipartUpload("photos", "two");
    for (const partNumber of [1, 2, 3]) await store.uploadPart("photos", "two", second.uploadId, partNumber, body(`part ${partNumber}`));
    const page = await store.listParts("photos", "two", second.uploadId, { maxParts: 2 });
    assert.deepEqual(page.parts.map((part) => part.partNumber), [1, 2]);
    assert.equal(page.nextPartNumberMarker, 2);
    const rest = await store.listParts("photos", "two", second.uploadId, { partNumberMarker: 2 });
    assert.deepEqual(rest.parts.map((part) => part.partNumber), [3]);
    const uploads = await store.listMultipartUploads("photos", { delimiter: "/" });
    assert.deepEqual(uploads.commonPrefixes, ["dir/"]);
    assert.deepEqual(uploads.uploads.map((upload) => upload.uploadId), [second.uploadId]);
    const limited = await store.listMultipartUploads("photos", { maxUploads: 1 });
    assert.equal(limited.truncated, true);
    assert.deepEqual([limited.nextKeyMarker, limited.nextUploadIdMarker], ["dir/one", first.uploadId]);
    await store.abortMultipartUpload("photos", "two", second.uploadId);
    await assert.rejects(store.listParts("photos", "two", second.uploadId), { code: "NoSuchUpload" });
  });

  it("R2Store: deleting a bucket aborts its uploads, so their parts are not kept", async () => {
    store.createBucket("scratch");
    const upload = await store.createMultipartUpload("scratch", "k");
    await store.uploadPart("scratch", "k", upload.uploadId, 1, body("part"));
    const blobsBefore = (await readdir(path.join(dir, "r2", "blobs"))).length;
    store.deleteBucket("scratch");
    store.close();
    store = await R2Store.open(dir);
    assert.equal((await readdir(path.join(dir, "r2", "blobs"))).length, blobsBefore - 1);
    await assert.rejects(store.listParts("scratch", "k", upload.uploadId), { code: "NoSuchUpload" });
  });

  it("R2Store: opening removes blobs nothing refers to and unfinished writes", async () => {
    await writeFile(path.join(dir, "r2", "blobs", "orphan"), "x");
    await writeFile(path.join(dir, "r2", "tmp", "half-written"), "x");
    store.close();
    store = await R2Store.open(dir);
    assert.equal((await readdir(path.join(dir, "r2", "blobs"))).includes("orphan"), false);
    assert.deepEqual(await readdir(path.join(dir, "r2", "tmp")), []);
    assert.equal(await text((await store.get("photos", "a.txt"))!.body!), "hello");
  });
});
