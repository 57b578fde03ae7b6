import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, it } from "node:test";
import { useRunningCopy } from "../helpers/fixture-copy.js";
import type { OutpostDev } from "../helpers/outpost-cli.js";
import { bytes, r2Call, r2Object } from "./r2-client.js";
import { chunkOf, streamUpload } from "./streaming.js";

const MiB = 1024 * 1024;
const key = randomBytes(32);
const hexKey = key.toString("hex");
const otherKey = randomBytes(32).toString("hex");
/** What R2 reports as `ssecKeyMd5`: the base64 MD5 of the key's bytes (as S3's key-MD5 header). */
const keyMd5 = createHash("md5").update(key).digest("base64");
const md5 = (data: Buffer | string) => createHash("md5").update(data).digest("hex");

const REQUIRED = "The object was stored using a form of Server Side Encryption. The correct parameters must be provided to retrieve the object.";

describe("R2 binding: SSE-C (ssecKey)", () => {
  let dev: OutpostDev;
  let project: string;
  useRunningCopy("r2", (started, copy) => {
    dev = started;
    project = copy;
  });

  /** Every blob file's bytes, as stored at rest. */
  const blobsAtRest = async (): Promise<Buffer[]> => {
    const dir = path.join(project, ".outpost", "r2", "blobs");
    return Promise.all((await readdir(dir)).map((name) => readFile(path.join(dir, name))));
  };

  it("put/get/head: an object written with a key reports ssecKeyMd5 and reads back with the key, as hex or bytes", async () => {
    const value = "encrypted at rest";
    const put = await r2Object(dev, "put", ["secret", value, { ssecKey: hexKey, httpMetadata: { contentType: "text/plain" } }]);
    assert.equal(put.ssecKeyMd5, keyMd5);
    assert.equal(put.etag, md5(value));
    assert.equal(put.size, value.length);
    const got = await r2Object(dev, "get", ["secret", { ssecKey: hexKey }]);
    assert.equal(got.body, value);
    assert.equal(got.ssecKeyMd5, keyMd5);
    assert.equal((await r2Object(dev, "get", ["secret", { ssecKey: bytes(key) }])).body, value);
    // head takes no key in the binding: it answers the metadata, key MD5 included.
    const head = await r2Object(dev, "head", ["secret"]);
    assert.equal(head.ssecKeyMd5, keyMd5);
    assert.equal(head.size, value.length);
    assert.deepEqual(head.httpMetadata, { contentType: "text/plain" });
    const listed = (await r2Call(dev, "list", [{ prefix: "secret" }])).result as { objects: { key: string; ssecKeyMd5?: string }[] };
    assert.deepEqual(listed.objects.map((object) => [object.key, object.ssecKeyMd5]), [["secret", keyMd5]]);
  });

  it("get: without the key, with another key, or with a key for a plain object is refused", async () => {
    await r2Object(dev, "put", ["locked", "x", { ssecKey: hexKey }]);
    assert.equal((await r2Call(dev, "get", ["locked"])).error, `Error: get: ${REQUIRED} (10029)`);
    assert.equal((await r2Call(dev, "get", ["locked", { ssecKey: otherKey }])).error, "Error: get: Access Denied (10003)");
    await r2Object(dev, "put", ["plain", "y"]);
    assert.equal((await r2Call(dev, "get", ["plain", { ssecKey: hexKey }])).error, "Error: get: The encryption parameters are not applicable to this object. (10029)");
    assert.equal((await r2Call(dev, "get", ["missing", { ssecKey: hexKey }])).result, null);
  });

  it("ssecKey: the binding itself refuses a key that is not 32 bytes of hex", async () => {
    assert.equal((await r2Call(dev, "put", ["bad-key", "x", { ssecKey: "zz".repeat(32) }])).error, "Error: SSE-C Key has invalid format");
    assert.equal((await r2Call(dev, "put", ["bad-key", "x", { ssecKey: "ab".repeat(16) }])).error, "Error: SSE-C Key must be 32 bytes in length");
    assert.equal((await r2Call(dev, "get", ["bad-key", { ssecKey: bytes(randomBytes(16)) }])).error, "Error: SSE-C Key must be 32 bytes in length");
  });

  it("at rest: the blob holds ciphertext, never the plaintext, while a plain object's blob holds its bytes", async () => {
    const secret = `plaintext-marker-${randomBytes(8).toString("hex")}`.repeat(50);
    const open = `open-marker-${randomBytes(8).toString("hex")}`;
    await r2Object(dev, "put", ["marker-secret", secret, { ssecKey: hexKey }]);
    await r2Object(dev, "put", ["marker-open", open]);
    const blobs = await blobsAtRest();
    assert.ok(blobs.some((blob) => blob.includes(open)), "the plain object's bytes are in a blob");
    assert.ok(!blobs.some((blob) => blob.includes(secret.slice(0, 40))), "no blob holds the encrypted object's plaintext");
    assert.equal((await r2Object(dev, "get", ["marker-secret", { ssecKey: hexKey }])).body, secret);
  });

  it("get: ranges of an encrypted object decrypt from any byte, and onlyIf still applies", async () => {
    const value = Buffer.from(Array.from({ length: 300 }, (_, index) => index % 251));
    const put = await r2Object(dev, "put", ["ranged-secret", bytes(value), { ssecKey: hexKey }]);
    const cases: [unknown, number, number][] = [
      [{ offset: 17, length: 30 }, 17, 47],
      [{ offset: 15, length: 2 }, 15, 17],
      [{ offset: 256 }, 256, 300],
      [{ suffix: 5 }, 295, 300],
      [{ length: 1 }, 0, 1],
    ];
    for (const [range, from, to] of cases) {
      const got = await r2Object(dev, "get", ["ranged-secret", { range, ssecKey: hexKey }]);
      assert.deepEqual(Buffer.from(got.body!, "latin1"), value.subarray(from, to), JSON.stringify(range));
    }
    const failed = await r2Object(dev, "get", ["ranged-secret", { ssecKey: hexKey, onlyIf: { etagDoesNotMatch: put.etag } }]);
    assert.equal(failed.body, null);
    assert.equal(failed.ssecKeyMd5, keyMd5);
  });

  it("stream: a 24 MiB object streams through encryption and back byte for byte", async () => {
    const upload = streamUpload(new URL(`/stream-put?key=big-secret&ssecKey=${hexKey}`, dev.url).href, 24, MiB);
    const { status, body } = await upload.answer;
    assert.equal(status, 200);
    const expected = await upload.done;
    assert.deepEqual(JSON.parse(body), { size: 24 * MiB, etag: expected });
    const got = await dev.fetch(`/stream-get?key=big-secret&ssecKey=${hexKey}`);
    assert.equal(got.status, 200);
    assert.equal(md5(Buffer.from(await got.arrayBuffer())), expected);
    const ranged = await dev.fetch(`/stream-get?key=big-secret&ssecKey=${hexKey}`, { headers: { range: `bytes=${MiB - 3}-${MiB + 4}` } });
    assert.deepEqual(Buffer.from(await ranged.arrayBuffer()), Buffer.concat([chunkOf(0, MiB).subarray(MiB - 3), chunkOf(1, MiB).subarray(0, 5)]));
  });

  it("multipart: parts need the upload's key; the completed object is encrypted and reads across parts", async () => {
    const upload = (await r2Call(dev, "createMultipartUpload", ["multi-secret", { ssecKey: hexKey }])).result as { key: string; uploadId: string };
    const first = Buffer.alloc(5 * MiB, 7);
    const last = Buffer.from("the end of it");
    assert.equal((await r2Call(dev, "upload.uploadPart", [upload, 1, bytes(first)])).error, "Error: uploadPart: The multipart upload initiate requested encryption. Subsequent part requests must include the appropriate encryption parameters. (10029)");
    assert.equal((await r2Call(dev, "upload.uploadPart", [upload, 1, bytes(first), { ssecKey: otherKey }])).error, "Error: uploadPart: The provided encryption parameters did not match the ones used originally. (10029)");
    const parts = [
      (await r2Call(dev, "upload.uploadPart", [upload, 1, bytes(first), { ssecKey: hexKey }])).result,
      (await r2Call(dev, "upload.uploadPart", [upload, 2, bytes(last), { ssecKey: bytes(key) }])).result,
    ];
    assert.deepEqual(parts, [{ partNumber: 1, etag: md5(first) }, { partNumber: 2, etag: md5(last) }]);
    const object = await r2Object(dev, "upload.complete", [upload, parts]);
    assert.equal(object.ssecKeyMd5, keyMd5);
    assert.equal(object.size, first.length + last.length);
    assert.equal((await r2Call(dev, "get", ["multi-secret"])).error, `Error: get: ${REQUIRED} (10029)`);
    const across = await r2Object(dev, "get", ["multi-secret", { ssecKey: hexKey, range: { offset: 5 * MiB - 2, length: 6 } }]);
    assert.deepEqual(Buffer.from(across.body!, "latin1"), Buffer.concat([first.subarray(-2), last.subarray(0, 4)]));

    const plain = (await r2Call(dev, "createMultipartUpload", ["multi-plain"])).result as { key: string; uploadId: string };
    assert.equal((await r2Call(dev, "upload.uploadPart", [plain, 1, "x", { ssecKey: hexKey }])).error, "Error: uploadPart: The encryption parameters are not applicable to this object. (10029)");
  });

  it("put: overwriting with a plain value drops the encryption", async () => {
    await r2Object(dev, "put", ["rewrapped", "one", { ssecKey: hexKey }]);
    const plain = await r2Object(dev, "put", ["rewrapped", "two"]);
    assert.equal(plain.ssecKeyMd5, undefined);
    assert.equal((await r2Object(dev, "get", ["rewrapped"])).body, "two");
  });
});
