import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import { useRunningCopy } from "../helpers/fixture-copy.js";
import type { OutpostDev } from "../helpers/outpost-cli.js";
import { bytes, date, headers, r2Call, r2Object, type ReportedObject } from "./r2-client.js";

const md5 = (text: string | Buffer) => createHash("md5").update(text).digest("hex");

describe("R2 binding: objects through workerd's native binding", () => {
  let dev: OutpostDev;
  useRunningCopy("r2", (started) => (dev = started));

  it("put/head/get: an object round-trips with its metadata, etag and checksums", async () => {
    const put = await r2Object(dev, "put", ["doc.txt", "hello", { httpMetadata: { contentType: "text/plain" }, customMetadata: { owner: "ada" } }]);
    assert.equal(put.size, 5);
    assert.equal(put.etag, md5("hello"));
    assert.equal(put.httpEtag, `"${md5("hello")}"`);
    assert.deepEqual(put.checksums, { md5: md5("hello") });
    assert.equal(put.storageClass, "Standard");
    const head = await r2Object(dev, "head", ["doc.txt"]);
    assert.equal(head.body, null);
    assert.equal(head.version, put.version);
    assert.deepEqual(head.customMetadata, { owner: "ada" });
    const got = await r2Object(dev, "get", ["doc.txt"]);
    assert.equal(got.body, "hello");
    assert.deepEqual(got.writeHttpMetadata, { "content-type": "text/plain" });
    assert.equal(got.uploaded, put.uploaded);
  });

  it("head/get: a missing key is null, and the empty key is a valid key", async () => {
    assert.equal((await r2Call(dev, "head", ["missing"])).result, null);
    assert.equal((await r2Call(dev, "get", ["missing"])).result, null);
    await r2Object(dev, "put", ["", "empty key"]);
    assert.equal((await r2Object(dev, "get", [""])).body, "empty key");
  });

  it("put: binary values, a new version each write, and an empty value", async () => {
    const first = await r2Object(dev, "put", ["bin", bytes(Buffer.from([0, 255, 1, 128]))]);
    const second = await r2Object(dev, "put", ["bin", bytes(Buffer.from([9]))]);
    assert.notEqual(first.version, second.version);
    assert.equal((await r2Object(dev, "get", ["bin"])).size, 1);
    assert.equal((await r2Object(dev, "put", ["nothing", ""])).size, 0);
    assert.equal((await r2Object(dev, "get", ["nothing"])).body, "");
  });

  it("put: httpMetadata as Headers, cacheExpiry, writeHttpMetadata and storageClass", async () => {
    const put = await r2Object(dev, "put", [
      "h",
      "x",
      {
        httpMetadata: headers({ "content-type": "image/png", "content-language": "en", "content-disposition": "inline", "content-encoding": "identity", "cache-control": "max-age=60", expires: "Wed, 21 Oct 2015 07:28:00 GMT" }),
        storageClass: "InfrequentAccess",
      },
    ]);
    assert.deepEqual(put.httpMetadata, {
      contentType: "image/png",
      contentLanguage: "en",
      contentDisposition: "inline",
      contentEncoding: "identity",
      cacheControl: "max-age=60",
      cacheExpiry: Date.parse("Wed, 21 Oct 2015 07:28:00 GMT"),
    });
    assert.equal(put.storageClass, "InfrequentAccess");
    const got = await r2Object(dev, "get", ["h"]);
    assert.deepEqual(got.writeHttpMetadata, {
      "cache-control": "max-age=60",
      "content-disposition": "inline",
      "content-encoding": "identity",
      "content-language": "en",
      "content-type": "image/png",
      expires: "Wed, 21 Oct 2015 07:28:00 GMT",
    });
    assert.equal(got.storageClass, "InfrequentAccess");
  });

  it("put: a value of several MiB, hashed on the digest thread, gets its MD5 etag and its SHA-512 checked", async () => {
    const value = Buffer.alloc(3 * 1024 * 1024 + 1);
    for (let offset = 0; offset < value.length; offset += 997) value[offset] = offset % 256;
    const sha512 = createHash("sha512").update(value).digest("hex");
    const put = await r2Object(dev, "put", ["several-mib", bytes(value), { sha512 }]);
    assert.deepEqual([put.etag, put.checksums], [md5(value), { md5: md5(value), sha512 }]);
    const wrong = await r2Call(dev, "put", ["several-mib-bad", bytes(value), { sha512: "00".repeat(64) }]);
    assert.match(wrong.error!, new RegExp(`The SHA-512 checksum you specified did not match what we received\\.[^]*Actual SHA-512 was: ${sha512} \\(10037\\)$`));
    assert.equal((await r2Call(dev, "head", ["several-mib-bad"])).result, null);
  });

  it("put: every checksum is verified and returned; a wrong one is BadDigest; two are refused", async () => {
    const value = "checksummed";
    for (const algorithm of ["sha1", "sha256", "sha384", "sha512"]) {
      const digest = createHash(algorithm).update(value).digest("hex");
      const put = await r2Object(dev, "put", [`sum-${algorithm}`, value, { [algorithm]: digest }]);
      assert.deepEqual(put.checksums, { md5: md5(value), [algorithm]: digest });
      assert.deepEqual((await r2Object(dev, "head", [`sum-${algorithm}`])).checksums, put.checksums);
    }
    assert.equal((await r2Object(dev, "put", ["sum-md5", value, { md5: md5(value) }])).etag, md5(value));
    const wrong = await r2Call(dev, "put", ["sum-bad", value, { sha256: "00".repeat(32) }]);
    assert.equal(
      wrong.error,
      `Error: put: The SHA-256 checksum you specified did not match what we received.\nYou provided a SHA-256 checksum with value: ${"00".repeat(32)}\nActual SHA-256 was: ${createHash("sha256").update(value).digest("hex")} (10037)`,
    );
    assert.equal((await r2Call(dev, "head", ["sum-bad"])).result, null);
    const wrongMd5 = await r2Call(dev, "put", ["sum-bad", value, { md5: "00".repeat(16) }]);
    assert.match(wrongMd5.error!, /^Error: put: The MD5 checksum you specified did not match what we received\.[^]*\(10037\)$/);
    const two = await r2Call(dev, "put", ["sum-two", value, { md5: md5(value), sha1: createHash("sha1").update(value).digest("hex") }]);
    assert.equal(two.error, "TypeError: You cannot specify multiple hashing algorithms.");
  });

  it("put: limits on the key and on custom metadata are R2's", async () => {
    assert.equal((await r2Call(dev, "put", ["k".repeat(1025), "x"])).error, "Error: put: The specified object name is not valid. (10020)");
    assert.equal((await r2Object(dev, "put", ["k".repeat(1024), "x"])).size, 1);
    const big = await r2Call(dev, "put", ["meta", "x", { customMetadata: { big: "a".repeat(3000) } }]);
    assert.equal(big.error, "Error: put: Your metadata headers exceed the maximum allowed metadata size. (10012)");
    assert.equal((await r2Call(dev, "get", ["k".repeat(1025)])).error, "Error: get: The specified object name is not valid. (10020)");
  });

  it("delete: one key, many keys, and missing keys", async () => {
    for (const key of ["d1", "d2", "d3"]) await r2Object(dev, "put", [key, key]);
    await r2Call(dev, "delete", ["d1"]);
    assert.equal((await r2Call(dev, "head", ["d1"])).result, null);
    await r2Call(dev, "delete", [["d2", "d3", "never-there"]]);
    assert.equal((await r2Call(dev, "head", ["d2"])).result, null);
    assert.equal((await r2Call(dev, "head", ["d3"])).result, null);
  });

  it("delete: at most 1000 keys at once; 1001 or none is refused and deletes nothing", async () => {
    const keys = Array.from({ length: 1000 }, (_, index) => `many/${index}`);
    await r2Object(dev, "put", ["many/0", "first"]);
    const refusal = "Error: delete: The number of keys in the request must be between 1 and 1000 inclusive. (10027)";
    assert.equal((await r2Call(dev, "delete", [[...keys, "many/1000"]])).error, refusal);
    assert.equal((await r2Object(dev, "get", ["many/0"])).body, "first");
    assert.equal((await r2Call(dev, "delete", [[]])).error, refusal);
    assert.equal((await r2Call(dev, "delete", [keys])).error, undefined);
    assert.equal((await r2Call(dev, "head", ["many/0"])).result, null);
  });

  it("bindings: two buckets keep their objects apart", async () => {
    await r2Object(dev, "put", ["shared-name", "in bucket"]);
    assert.equal((await r2Call(dev, "get", ["shared-name"], "OTHER")).result, null);
  });
});

describe("R2 binding: get ranges and conditional requests", () => {
  let dev: OutpostDev;
  let object: ReportedObject;
  useRunningCopy("r2", async (started) => {
    dev = started;
    object = await r2Object(dev, "put", ["ranged", "0123456789"]);
  });

  it("get: offset/length, offset alone, length alone, suffix; length is clamped", async () => {
    const cases: [unknown, string, unknown][] = [
      [{ offset: 2, length: 3 }, "234", { offset: 2, length: 3 }],
      [{ offset: 7 }, "789", { offset: 7, length: 3 }],
      [{ length: 4 }, "0123", { offset: 0, length: 4 }],
      [{ suffix: 3 }, "789", { offset: 7, length: 3 }],
      [{ offset: 8, length: 50 }, "89", { offset: 8, length: 2 }],
      [{ suffix: 50 }, "0123456789", { offset: 0, length: 10 }],
    ];
    for (const [range, body, echoed] of cases) {
      const got = await r2Object(dev, "get", ["ranged", { range }]);
      assert.equal(got.body, body, JSON.stringify(range));
      assert.deepEqual(got.range, echoed, JSON.stringify(range));
    }
  });

  it("get: the Range header form, and a header R2 cannot use returns the whole object", async () => {
    assert.equal((await r2Object(dev, "get", ["ranged", { range: headers({ range: "bytes=1-3" }) }])).body, "123");
    assert.equal((await r2Object(dev, "get", ["ranged", { range: headers({ range: "bytes=-2" }) }])).body, "89");
    assert.equal((await r2Object(dev, "get", ["ranged", { range: headers({ range: "bytes=6-" }) }])).body, "6789");
    assert.equal((await r2Object(dev, "get", ["ranged", { range: headers({ range: "bytes=0-1,4-5" }) }])).body, "0123456789");
    assert.equal((await r2Object(dev, "get", ["ranged", { range: headers({ range: "pages=1" }) }])).body, "0123456789");
  });

  it("get: an offset past the end or a zero length is InvalidRange; bad numbers are refused by the binding", async () => {
    assert.equal((await r2Call(dev, "get", ["ranged", { range: { offset: 11 } }])).error, "Error: get: The requested range is not satisfiable (10039)");
    assert.equal((await r2Call(dev, "get", ["ranged", { range: { offset: 1, length: 0 } }])).error, "Error: get: The requested range is not satisfiable (10039)");
    assert.match((await r2Call(dev, "get", ["ranged", { range: { offset: -1 } }])).error!, /^RangeError/);
    assert.match((await r2Call(dev, "get", ["ranged", { range: { suffix: 2, offset: 1 } }])).error!, /^TypeError/);
  });

  it("get: a failed onlyIf returns the object without a body; a passing one returns the body", async () => {
    const failed = await r2Object(dev, "get", ["ranged", { onlyIf: { etagMatches: "nope" } }]);
    assert.equal(failed.body, null);
    assert.equal(failed.etag, object.etag);
    assert.equal((await r2Object(dev, "get", ["ranged", { onlyIf: { etagMatches: object.etag } }])).body, "0123456789");
    assert.equal((await r2Object(dev, "get", ["ranged", { onlyIf: { etagDoesNotMatch: object.etag } }])).body, null);
    assert.equal((await r2Object(dev, "get", ["ranged", { onlyIf: { etagMatches: "*" } }])).body, "0123456789");
    assert.equal((await r2Call(dev, "get", ["ranged", { onlyIf: { etagMatches: `"${object.etag}"` } }])).error, "TypeError: Conditional ETag should not be wrapped in quotes (\"" + object.etag + "\").");
  });

  it("get: uploadedBefore/uploadedAfter, and the RFC 7232 precedence of etags over dates", async () => {
    const before = object.uploaded - 1000;
    const after = object.uploaded + 1000;
    assert.equal((await r2Object(dev, "get", ["ranged", { onlyIf: { uploadedAfter: date(before) } }])).body, "0123456789");
    assert.equal((await r2Object(dev, "get", ["ranged", { onlyIf: { uploadedAfter: date(after) } }])).body, null);
    assert.equal((await r2Object(dev, "get", ["ranged", { onlyIf: { uploadedBefore: date(after) } }])).body, "0123456789");
    assert.equal((await r2Object(dev, "get", ["ranged", { onlyIf: { uploadedBefore: date(before) } }])).body, null);
    // A passing If-Match makes If-Unmodified-Since irrelevant; a passing If-None-Match does the same for If-Modified-Since.
    assert.equal((await r2Object(dev, "get", ["ranged", { onlyIf: { etagMatches: object.etag, uploadedBefore: date(before) } }])).body, "0123456789");
    assert.equal((await r2Object(dev, "get", ["ranged", { onlyIf: { etagDoesNotMatch: "other", uploadedAfter: date(after) } }])).body, "0123456789");
  });

  it("get: the Headers form takes quoted and weak etags and whole-second dates", async () => {
    const quoted = `"${object.etag}"`;
    assert.equal((await r2Object(dev, "get", ["ranged", { onlyIf: headers({ "if-match": quoted }) }])).body, "0123456789");
    assert.equal((await r2Object(dev, "get", ["ranged", { onlyIf: headers({ "if-match": `W/${quoted}` }) }])).body, null);
    assert.equal((await r2Object(dev, "get", ["ranged", { onlyIf: headers({ "if-none-match": `W/${quoted}` }) }])).body, null);
    assert.equal((await r2Object(dev, "get", ["ranged", { onlyIf: headers({ "if-none-match": `"a", ${quoted}` }) }])).body, null);
    assert.equal((await r2Object(dev, "get", ["ranged", { onlyIf: headers({ "if-none-match": "*" }) }])).body, null);
    const uploadedSecond = new Date(Math.floor(object.uploaded / 1000) * 1000).toUTCString();
    assert.equal((await r2Object(dev, "get", ["ranged", { onlyIf: headers({ "if-unmodified-since": uploadedSecond }) }])).body, "0123456789");
    assert.equal((await r2Object(dev, "get", ["ranged", { onlyIf: headers({ "if-modified-since": uploadedSecond }) }])).body, null);
  });

  it("put: a failed onlyIf returns null and leaves the object alone; a missing object passes only the negative conditions", async () => {
    assert.equal((await r2Call(dev, "put", ["ranged", "new", { onlyIf: { etagMatches: "nope" } }])).result, null);
    assert.equal((await r2Object(dev, "get", ["ranged"])).body, "0123456789");
    assert.equal((await r2Call(dev, "put", ["fresh", "new", { onlyIf: { etagMatches: "*" } }])).result, null);
    assert.equal((await r2Call(dev, "put", ["fresh", "new", { onlyIf: { uploadedAfter: date(0) } }])).result, null);
    assert.equal((await r2Object(dev, "put", ["fresh", "new", { onlyIf: { etagDoesNotMatch: "*" } }])).size, 3);
    assert.equal((await r2Call(dev, "put", ["fresh", "again", { onlyIf: headers({ "if-none-match": "*" }) }])).result, null);
    assert.equal((await r2Object(dev, "get", ["fresh"])).body, "new");
  });
});
