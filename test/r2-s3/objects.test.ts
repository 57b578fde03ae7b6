import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, it } from "node:test";
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { until } from "../helpers/until.js";
import { abandonUpload } from "../r2/streaming.js";
import { FIXTURE_BUCKET, s3Failure, useS3Dev, withRawBody, type S3Dev } from "./s3-dev.js";

const Bucket = FIXTURE_BUCKET;
const MiB = 1024 * 1024;

describe("S3 API objects", () => {
  let s3: S3Dev;
  useS3Dev((started) => (s3 = started));

  it("PutObject, GetObject: bytes, metadata and HTTP headers round-trip", async () => {
    const Body = "hello, S3";
    const put = await s3.client.send(
      new PutObjectCommand({
        Bucket,
        Key: "docs/hello world ü!.txt",
        Body,
        ContentType: "text/plain",
        ContentLanguage: "en",
        ContentDisposition: 'attachment; filename="hello.txt"',
        CacheControl: "max-age=60",
        Expires: new Date("2030-01-01T00:00:00Z"),
        Metadata: { owner: "ada", note: "ünïcode" },
      }),
    );
    assert.equal(put.ETag, `"${createHash("md5").update(Body).digest("hex")}"`);
    const got = await s3.client.send(new GetObjectCommand({ Bucket, Key: "docs/hello world ü!.txt" }));
    assert.equal(await got.Body!.transformToString(), Body);
    assert.equal(got.ETag, put.ETag);
    assert.equal(got.ContentType, "text/plain");
    assert.equal(got.ContentLanguage, "en");
    assert.equal(got.ContentDisposition, 'attachment; filename="hello.txt"');
    assert.equal(got.CacheControl, "max-age=60");
    assert.equal(got.ContentLength, Buffer.byteLength(Body));
    // S3 sends a value that is not ASCII as an RFC 2047 encoded word.
    assert.deepEqual(got.Metadata, { owner: "ada", note: `=?UTF-8?B?${Buffer.from("ünïcode").toString("base64")}?=` });
    assert.ok(got.LastModified instanceof Date);
  });

  it("HeadObject: headers without a body; a missing key is 404 NotFound", async () => {
    await s3.client.send(new PutObjectCommand({ Bucket, Key: "head-me", Body: "12345", ContentType: "application/json" }));
    const head = await s3.client.send(new HeadObjectCommand({ Bucket, Key: "head-me" }));
    assert.equal(head.ContentLength, 5);
    assert.equal(head.ContentType, "application/json");
    const missing = await s3Failure(s3.client.send(new HeadObjectCommand({ Bucket, Key: "no-such-key" })));
    assert.equal(missing.status, 404);
  });

  it("GetObject: a missing key is NoSuchKey", async () => {
    const failure = await s3Failure(s3.client.send(new GetObjectCommand({ Bucket, Key: "no-such-key" })));
    assert.deepEqual([failure.code, failure.status], ["NoSuchKey", 404]);
  });

  it("GetObject Range: 206 with Content-Range, a suffix, and 416 InvalidRange past the end", async () => {
    await s3.client.send(new PutObjectCommand({ Bucket, Key: "digits", Body: "0123456789" }));
    const middle = await s3.client.send(new GetObjectCommand({ Bucket, Key: "digits", Range: "bytes=2-5" }));
    assert.equal(middle.$metadata.httpStatusCode, 206);
    assert.equal(middle.ContentRange, "bytes 2-5/10");
    assert.equal(await middle.Body!.transformToString(), "2345");
    const suffix = await s3.client.send(new GetObjectCommand({ Bucket, Key: "digits", Range: "bytes=-3" }));
    assert.equal(await suffix.Body!.transformToString(), "789");
    const open = await s3.client.send(new GetObjectCommand({ Bucket, Key: "digits", Range: "bytes=7-" }));
    assert.equal(await open.Body!.transformToString(), "789");
    const past = await s3Failure(s3.client.send(new GetObjectCommand({ Bucket, Key: "digits", Range: "bytes=20-30" })));
    assert.deepEqual([past.code, past.status], ["InvalidRange", 416]);
  });

  it("GetObject conditionals: If-None-Match and If-Modified-Since give 304, If-Match and If-Unmodified-Since 412", async () => {
    const { ETag } = await s3.client.send(new PutObjectCommand({ Bucket, Key: "conditional", Body: "v1" }));
    const past = new Date(Date.now() - 3600_000);
    const future = new Date(Date.now() + 3600_000);
    assert.equal((await s3.client.send(new GetObjectCommand({ Bucket, Key: "conditional", IfMatch: ETag }))).$metadata.httpStatusCode, 200);
    assert.equal((await s3Failure(s3.client.send(new GetObjectCommand({ Bucket, Key: "conditional", IfNoneMatch: ETag })))).status, 304);
    assert.equal((await s3Failure(s3.client.send(new GetObjectCommand({ Bucket, Key: "conditional", IfModifiedSince: future })))).status, 304);
    const ifMatch = await s3Failure(s3.client.send(new GetObjectCommand({ Bucket, Key: "conditional", IfMatch: '"0000"' })));
    assert.deepEqual([ifMatch.code, ifMatch.status], ["PreconditionFailed", 412]);
    assert.equal((await s3Failure(s3.client.send(new GetObjectCommand({ Bucket, Key: "conditional", IfUnmodifiedSince: past })))).status, 412);
    // A passing If-Match makes If-Unmodified-Since irrelevant (RFC 7232 §6), as in S3.
    const both = await s3.client.send(new GetObjectCommand({ Bucket, Key: "conditional", IfMatch: ETag, IfUnmodifiedSince: past }));
    assert.equal(both.$metadata.httpStatusCode, 200);
    assert.equal((await s3Failure(s3.client.send(new HeadObjectCommand({ Bucket, Key: "conditional", IfNoneMatch: ETag })))).status, 304);
  });

  it("PutObject conditionals: If-None-Match: * refuses to overwrite with 412", async () => {
    await s3.client.send(new PutObjectCommand({ Bucket, Key: "create-only", Body: "first", IfNoneMatch: "*" }));
    const again = await s3Failure(s3.client.send(new PutObjectCommand({ Bucket, Key: "create-only", Body: "second", IfNoneMatch: "*" })));
    assert.deepEqual([again.code, again.status], ["PreconditionFailed", 412]);
    assert.equal(await (await s3.client.send(new GetObjectCommand({ Bucket, Key: "create-only" }))).Body!.transformToString(), "first");
  });

  it("PutObject Content-MD5: a wrong digest is BadDigest and stores nothing", async () => {
    const failure = await s3Failure(
      s3.client.send(new PutObjectCommand({ Bucket, Key: "bad-md5", Body: "payload", ContentMD5: createHash("md5").update("other").digest("base64") })),
    );
    assert.deepEqual([failure.code, failure.status], ["BadDigest", 400]);
    assert.equal((await s3Failure(s3.client.send(new HeadObjectCommand({ Bucket, Key: "bad-md5" })))).status, 404);
    const good = await s3.client.send(new PutObjectCommand({ Bucket, Key: "good-md5", Body: "payload", ContentMD5: createHash("md5").update("payload").digest("base64") }));
    assert.equal(good.ETag, `"${createHash("md5").update("payload").digest("hex")}"`);
  });

  it("PutObject Content-MD5 on a body of several MiB, hashed on the digest thread: a wrong digest stores nothing, a right one is the etag", async () => {
    const body = Buffer.alloc(5 * MiB + 3);
    for (let offset = 0; offset < body.length; offset += 4096) body[offset] = offset % 251;
    const md5 = createHash("md5").update(body);
    const wrong = await s3Failure(s3.client.send(new PutObjectCommand({ Bucket, Key: "big-md5", Body: body, ContentMD5: createHash("md5").update("other").digest("base64") })));
    assert.deepEqual([wrong.code, wrong.status], ["BadDigest", 400]);
    assert.equal((await s3Failure(s3.client.send(new HeadObjectCommand({ Bucket, Key: "big-md5" })))).status, 404);
    const good = await s3.client.send(new PutObjectCommand({ Bucket, Key: "big-md5", Body: body, ContentMD5: md5.copy().digest("base64") }));
    assert.equal(good.ETag, `"${md5.digest("hex")}"`);
  });

  it("PutObject: a client that hangs up mid-upload leaves no object and no temp file, and no failure is logged", async () => {
    const logged = s3.dev.output.length;
    const tmp = path.join(s3.project, ".outpost", "r2", "tmp");
    const url = await getSignedUrl(s3.client, new PutObjectCommand({ Bucket, Key: "hung-up" }), { expiresIn: 300 });
    await abandonUpload(url, 4 * MiB, tmp);
    assert.equal((await s3Failure(s3.client.send(new HeadObjectCommand({ Bucket, Key: "hung-up" })))).status, 404);
    assert.doesNotMatch(s3.dev.output.slice(logged), /failed/);
  });

  it("PutObject x-amz-checksum-sha256: a matching checksum is accepted, a wrong one is BadDigest", async () => {
    const sha = (text: string) => createHash("sha256").update(text).digest("base64");
    await s3.client.send(new PutObjectCommand({ Bucket, Key: "sha", Body: "abc", ChecksumSHA256: sha("abc") }));
    const failure = await s3Failure(s3.client.send(new PutObjectCommand({ Bucket, Key: "sha-bad", Body: "abc", ChecksumSHA256: sha("abd") })));
    assert.deepEqual([failure.code, failure.status], ["BadDigest", 400]);
  });

  it("PutObject: a body changed after signing is XAmzContentSHA256Mismatch and stores nothing", async () => {
    const client = withRawBody(s3.clientWith({}), "tampered", "in transit");
    const failure = await s3Failure(client.send(new PutObjectCommand({ Bucket, Key: "tampered", Body: "original" })));
    assert.deepEqual([failure.code, failure.status], ["XAmzContentSHA256Mismatch", 400]);
    assert.equal((await s3Failure(s3.client.send(new HeadObjectCommand({ Bucket, Key: "tampered" })))).status, 404);
    client.destroy();
  });

  it("DeleteObject: removes the key, and deleting a missing key succeeds", async () => {
    await s3.client.send(new PutObjectCommand({ Bucket, Key: "doomed", Body: "x" }));
    assert.equal((await s3.client.send(new DeleteObjectCommand({ Bucket, Key: "doomed" }))).$metadata.httpStatusCode, 204);
    assert.equal((await s3Failure(s3.client.send(new HeadObjectCommand({ Bucket, Key: "doomed" })))).status, 404);
    await s3.client.send(new DeleteObjectCommand({ Bucket, Key: "doomed" }));
  });

  it("DeleteObjects: deletes many keys and reports each", async () => {
    for (const Key of ["bulk/1", "bulk/2", "bulk/3"]) await s3.client.send(new PutObjectCommand({ Bucket, Key, Body: Key }));
    const result = await s3.client.send(
      new DeleteObjectsCommand({ Bucket, Delete: { Objects: [{ Key: "bulk/1" }, { Key: "bulk/2" }, { Key: "bulk/never" }, { Key: "x".repeat(1025) }] } }),
    );
    assert.deepEqual(result.Deleted!.map((entry) => entry.Key), ["bulk/1", "bulk/2", "bulk/never"]);
    assert.equal(result.Errors!.length, 1);
    assert.equal(result.Errors![0]!.Code, "KeyTooLongError");
    assert.equal((await s3Failure(s3.client.send(new HeadObjectCommand({ Bucket, Key: "bulk/1" })))).status, 404);
    await s3.client.send(new HeadObjectCommand({ Bucket, Key: "bulk/3" }));
  });

  it("DeleteObjects: more than 1000 keys is 400 MalformedXML, as in S3, and deletes nothing", async () => {
    await s3.client.send(new PutObjectCommand({ Bucket, Key: "limit/0", Body: "kept" }));
    const Objects = Array.from({ length: 1001 }, (_, index) => ({ Key: `limit/${index}` }));
    const failure = await s3Failure(s3.client.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects } })));
    assert.deepEqual([failure.code, failure.status], ["MalformedXML", 400]);
    assert.match(failure.message, /^The XML you provided was not well-formed or did not validate against our published schema/);
    assert.equal(await (await s3.client.send(new GetObjectCommand({ Bucket, Key: "limit/0" }))).Body!.transformToString(), "kept");
    const result = await s3.client.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: Objects.slice(0, 1000), Quiet: true } }));
    assert.equal(result.Errors, undefined);
    assert.equal((await s3Failure(s3.client.send(new HeadObjectCommand({ Bucket, Key: "limit/0" })))).status, 404);
  });

  it("DeleteObjects: a body that is not XML is MalformedXML naming the problem", async () => {
    const client = withRawBody(s3.clientWith({}), "<Delete><Object><Key>a</Key></Delete>", "signed");
    const failure = await s3Failure(client.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: [{ Key: "a" }] } })));
    assert.deepEqual([failure.code, failure.status], ["MalformedXML", 400]);
    assert.match(failure.message, /not well-formed/);
    client.destroy();
  });

  it("CopyObject to a missing bucket: refused, and the source's bytes still go once the source is deleted", async () => {
    // Larger than one small read, so the copy opens a stream on the source's blob file.
    const marker = Buffer.from(`copy-source-${Date.now()}`);
    const content = Buffer.concat([marker, Buffer.alloc(256 * 1024, 1)]);
    await s3.client.send(new PutObjectCommand({ Bucket, Key: "copy-refused", Body: content }));
    const refused = await s3Failure(s3.client.send(new CopyObjectCommand({ Bucket: "nowhere", Key: "copy", CopySource: `${Bucket}/copy-refused` })));
    assert.deepEqual([refused.code, refused.status], ["NoSuchBucket", 404]);
    await s3.client.send(new DeleteObjectCommand({ Bucket, Key: "copy-refused" }));
    const blobs = path.join(s3.project, ".outpost", "r2", "blobs");
    const holdsSource = async () => {
      // A file listed may be deleted before it is read: the very deletion awaited here.
      for (const name of await readdir(blobs)) if ((await readFile(path.join(blobs, name)).catch(() => Buffer.alloc(0))).includes(marker)) return true;
      return false;
    };
    await until(async () => !(await holdsSource()), "the deleted source's blob file to be removed", { intervalMs: 50 });
  });

  it("CopyObject: copies bytes and metadata (COPY), or takes the request's (REPLACE)", async () => {
    await s3.client.send(new PutObjectCommand({ Bucket, Key: "original", Body: "copy me", ContentType: "text/plain", Metadata: { a: "1" } }));
    const copied = await s3.client.send(new CopyObjectCommand({ Bucket: "other-bucket", Key: "copy", CopySource: `${Bucket}/original` }));
    assert.equal(copied.CopyObjectResult!.ETag, `"${createHash("md5").update("copy me").digest("hex")}"`);
    const copy = await s3.client.send(new GetObjectCommand({ Bucket: "other-bucket", Key: "copy" }));
    assert.equal(await copy.Body!.transformToString(), "copy me");
    assert.equal(copy.ContentType, "text/plain");
    assert.deepEqual(copy.Metadata, { a: "1" });

    await s3.client.send(
      new CopyObjectCommand({ Bucket, Key: "original", CopySource: `${Bucket}/original`, MetadataDirective: "REPLACE", ContentType: "text/html", Metadata: { b: "2" } }),
    );
    const replaced = await s3.client.send(new HeadObjectCommand({ Bucket, Key: "original" }));
    assert.equal(replaced.ContentType, "text/html");
    assert.deepEqual(replaced.Metadata, { b: "2" });
  });

  it("CopyObject: onto itself without REPLACE is InvalidRequest; a missing source is NoSuchKey", async () => {
    await s3.client.send(new PutObjectCommand({ Bucket, Key: "self", Body: "x" }));
    const self = await s3Failure(s3.client.send(new CopyObjectCommand({ Bucket, Key: "self", CopySource: `${Bucket}/self` })));
    assert.deepEqual([self.code, self.status], ["InvalidRequest", 400]);
    const missing = await s3Failure(s3.client.send(new CopyObjectCommand({ Bucket, Key: "to", CopySource: `${Bucket}/missing-source` })));
    assert.deepEqual([missing.code, missing.status], ["NoSuchKey", 404]);
  });

  it("CopyObject: x-amz-copy-source-if-* preconditions on the source give 412", async () => {
    const { ETag } = await s3.client.send(new PutObjectCommand({ Bucket, Key: "cond-source", Body: "x" }));
    await s3.client.send(new CopyObjectCommand({ Bucket, Key: "cond-copy", CopySource: `${Bucket}/cond-source`, CopySourceIfMatch: ETag }));
    const failed = await s3Failure(s3.client.send(new CopyObjectCommand({ Bucket, Key: "cond-copy", CopySource: `${Bucket}/cond-source`, CopySourceIfNoneMatch: ETag })));
    assert.deepEqual([failed.code, failed.status], ["PreconditionFailed", 412]);
    const unmodified = await s3Failure(
      s3.client.send(new CopyObjectCommand({ Bucket, Key: "cond-copy", CopySource: `${Bucket}/cond-source`, CopySourceIfUnmodifiedSince: new Date(Date.now() - 3600_000) })),
    );
    assert.equal(unmodified.status, 412);
  });

  it("Binding interop: an object the worker wrote reads over S3, and one S3 wrote reads in the worker", async () => {
    const put = await s3.dev.fetch("/stream-put?key=from-binding", { method: "PUT", body: "written by env.BUCKET", headers: { "content-type": "text/x-binding" } });
    assert.equal(put.status, 200);
    const got = await s3.client.send(new GetObjectCommand({ Bucket, Key: "from-binding" }));
    assert.equal(await got.Body!.transformToString(), "written by env.BUCKET");
    assert.equal(got.ContentType, "text/x-binding");

    await s3.client.send(new PutObjectCommand({ Bucket, Key: "from-s3", Body: "written over S3" }));
    const read = await s3.dev.fetch("/stream-get?key=from-s3");
    assert.equal(read.status, 200);
    assert.equal(await read.text(), "written over S3");
  });
});
