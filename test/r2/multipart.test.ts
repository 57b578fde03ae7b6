import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import { useRunningCopy } from "../helpers/fixture-copy.js";
import type { OutpostDev } from "../helpers/outpost-cli.js";
import { bytes, r2Call, r2Object } from "./r2-client.js";

const MiB = 1024 * 1024;

interface Part {
  partNumber: number;
  etag: string;
}

describe("R2 binding: multipart uploads", () => {
  let dev: OutpostDev;
  useRunningCopy("r2", (started) => (dev = started));

  const create = async (key: string, options: unknown = {}) => (await r2Call(dev, "createMultipartUpload", [key, options])).result as { key: string; uploadId: string };
  const uploadPart = async (upload: object, partNumber: number, value: unknown): Promise<Part> => {
    const { result, error } = await r2Call(dev, "upload.uploadPart", [upload, partNumber, value]);
    if (error !== undefined) throw new Error(error);
    return result as Part;
  };
  const part = (size: number, fill: number) => Buffer.alloc(size, fill);

  it("complete: parts join in order into one object with a -N etag and no MD5 checksum", async () => {
    const upload = await create("joined", { httpMetadata: { contentType: "video/mp4" }, customMetadata: { by: "test" }, storageClass: "InfrequentAccess" });
    const buffers = [part(5 * MiB, 1), part(5 * MiB, 2), part(1000, 3)];
    const parts = [];
    for (const [index, buffer] of buffers.entries()) parts.push(await uploadPart(upload, index + 1, bytes(buffer)));
    assert.equal(parts[0]!.etag, createHash("md5").update(buffers[0]!).digest("hex"));
    const object = await r2Object(dev, "upload.complete", [upload, parts]);
    const expected = createHash("md5");
    for (const buffer of buffers) expected.update(createHash("md5").update(buffer).digest());
    assert.equal(object.etag, `${expected.digest("hex")}-3`);
    assert.equal(object.size, 10 * MiB + 1000);
    assert.deepEqual(object.checksums, {});
    assert.equal(object.storageClass, "InfrequentAccess");
    const head = await r2Object(dev, "head", ["joined"]);
    assert.deepEqual(head.httpMetadata, { contentType: "video/mp4" });
    assert.deepEqual(head.customMetadata, { by: "test" });
    const across = await r2Object(dev, "get", ["joined", { range: { offset: 5 * MiB - 2, length: 4 } }]);
    assert.deepEqual([...Buffer.from(across.body!, "latin1")], [1, 1, 2, 2]);
  });

  it("complete: a missing part or wrong etag is InvalidPart", async () => {
    const upload = await create("invalid-part");
    const first = await uploadPart(upload, 1, "x");
    assert.equal((await r2Call(dev, "upload.complete", [upload, [{ partNumber: 2, etag: first.etag }]])).error, "Error: completeMultipartUpload: One or more of the specified parts could not be found. (10025)");
    assert.equal((await r2Call(dev, "upload.complete", [upload, [{ partNumber: 1, etag: "0".repeat(32) }]])).error, "Error: completeMultipartUpload: One or more of the specified parts could not be found. (10025)");
  });

  it("complete: a small non-final part is EntityTooSmall; unequal parts or a larger last part are BadUpload", async () => {
    const small = await create("too-small");
    const tiny = [await uploadPart(small, 1, "aaa"), await uploadPart(small, 2, "bbb")];
    assert.equal((await r2Call(dev, "upload.complete", [small, tiny])).error, "Error: completeMultipartUpload: Your proposed upload is smaller than the minimum allowed object size. (10011)");
    const unequal = await create("unequal");
    const unequalParts = [await uploadPart(unequal, 1, bytes(part(5 * MiB, 1))), await uploadPart(unequal, 2, bytes(part(5 * MiB + 1, 1))), await uploadPart(unequal, 3, "end")];
    assert.equal((await r2Call(dev, "upload.complete", [unequal, unequalParts])).error, "Error: completeMultipartUpload: There was a problem with the multipart upload. (10048)");
    const biggerLast = await create("bigger-last");
    const biggerParts = [await uploadPart(biggerLast, 1, bytes(part(5 * MiB, 1))), await uploadPart(biggerLast, 2, bytes(part(5 * MiB + 1, 1)))];
    assert.equal((await r2Call(dev, "upload.complete", [biggerLast, biggerParts])).error, "Error: completeMultipartUpload: There was a problem with the multipart upload. (10048)");
  });

  it("complete/abort: the upload is gone afterwards (NoSuchUpload), and abort does nothing to a finished upload", async () => {
    const upload = await create("finished");
    const only = await uploadPart(upload, 1, "single part");
    assert.equal((await r2Object(dev, "upload.complete", [upload, [only]])).size, 11);
    const noSuchUpload = "The specified multipart upload does not exist. (10024)";
    assert.equal((await r2Call(dev, "upload.complete", [upload, [only]])).error, `Error: completeMultipartUpload: ${noSuchUpload}`);
    assert.equal((await r2Call(dev, "upload.uploadPart", [upload, 2, "late"])).error, `Error: uploadPart: ${noSuchUpload}`);
    assert.equal((await r2Call(dev, "upload.abort", [upload])).error, undefined);
    assert.equal((await r2Object(dev, "get", ["finished"])).body, "single part");

    const aborted = await create("aborted");
    await uploadPart(aborted, 1, "x");
    await r2Call(dev, "upload.abort", [aborted]);
    assert.equal((await r2Call(dev, "upload.uploadPart", [aborted, 2, "late"])).error, `Error: uploadPart: ${noSuchUpload}`);
    assert.equal((await r2Call(dev, "head", ["aborted"])).result, null);
    assert.equal((await r2Call(dev, "upload.abort", [{ key: "aborted", uploadId: "unknown" }])).error, `Error: abortMultipartUpload: ${noSuchUpload}`);
  });

  it("uploadPart: uploading a part number again replaces the part; objects under way are invisible", async () => {
    const upload = await create("replaced");
    await uploadPart(upload, 1, "first");
    const second = await uploadPart(upload, 1, "second");
    assert.equal((await r2Call(dev, "head", ["replaced"])).result, null);
    assert.equal((await r2Object(dev, "upload.complete", [upload, [second]])).size, 6);
    assert.equal((await r2Object(dev, "get", ["replaced"])).body, "second");
  });

  it("resumeMultipartUpload: checks nothing until a call reaches R2", async () => {
    assert.match((await r2Call(dev, "upload.uploadPart", [{ key: "nope", uploadId: "made-up" }, 1, "x"])).error!, /\(10024\)$/);
  });
});
