import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
  UploadPartCopyCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { r2Call, r2Object } from "../r2/r2-client.js";
import { FIXTURE_BUCKET, s3Failure, useS3Dev, type S3Dev } from "./s3-dev.js";

const Bucket = FIXTURE_BUCKET;
const MiB = 1024 * 1024;
const key = randomBytes(32);
const otherKey = randomBytes(32);
const base64Md5 = (bytes: Buffer) => createHash("md5").update(bytes).digest("base64");
/** The SDK base64-encodes the key and adds its MD5 itself. */
const ssec = { SSECustomerAlgorithm: "AES256", SSECustomerKey: key.toString("base64") };
const otherSsec = { SSECustomerAlgorithm: "AES256", SSECustomerKey: otherKey.toString("base64") };
const sourceSsec = { CopySourceSSECustomerAlgorithm: "AES256", CopySourceSSECustomerKey: key.toString("base64") };

const REQUIRED = "The object was stored using a form of Server Side Encryption. The correct parameters must be provided to retrieve the object.";

/** `client` with a request header set after the SDK's own SSE-C handling and before signing. */
function withHeader(client: S3Client, name: string, value: string): S3Client {
  type Handler = (args: { request: unknown }) => Promise<unknown>;
  const set = (next: Handler): Handler => async (args) => {
    (args.request as { headers: Record<string, string> }).headers[name] = value;
    return next(args);
  };
  // Middleware types are generic over every command; this one touches only the HTTP request.
  client.middlewareStack.add(set as never, { step: "build", priority: "low" });
  return client;
}

describe("S3 API SSE-C (customer-provided keys)", () => {
  let s3: S3Dev;
  useS3Dev((started) => (s3 = started));

  it("PutObject/GetObject/HeadObject: an object written with a key reads back with it and echoes the algorithm and key MD5", async () => {
    const Body = "customer-encrypted bytes";
    const put = await s3.client.send(new PutObjectCommand({ Bucket, Key: "enc/one", Body, ContentType: "text/plain", ...ssec }));
    assert.equal(put.SSECustomerAlgorithm, "AES256");
    assert.equal(put.SSECustomerKeyMD5, base64Md5(key));
    assert.equal(put.ETag, `"${createHash("md5").update(Body).digest("hex")}"`);
    const got = await s3.client.send(new GetObjectCommand({ Bucket, Key: "enc/one", ...ssec }));
    assert.equal(await got.Body!.transformToString(), Body);
    assert.equal(got.SSECustomerAlgorithm, "AES256");
    assert.equal(got.SSECustomerKeyMD5, base64Md5(key));
    assert.equal(got.ContentType, "text/plain");
    const head = await s3.client.send(new HeadObjectCommand({ Bucket, Key: "enc/one", ...ssec }));
    assert.equal(head.ContentLength, Body.length);
    assert.equal(head.SSECustomerKeyMD5, base64Md5(key));
    const range = await s3.client.send(new GetObjectCommand({ Bucket, Key: "enc/one", Range: "bytes=9-17", ...ssec }));
    assert.equal(range.$metadata.httpStatusCode, 206);
    assert.equal(await range.Body!.transformToString(), Body.slice(9, 18));
  });

  it("GetObject/HeadObject: no key is 400 InvalidRequest, another key 403 AccessDenied, a key for a plain object 400 InvalidRequest", async () => {
    await s3.client.send(new PutObjectCommand({ Bucket, Key: "enc/locked", Body: "x", ...ssec }));
    const missing = await s3Failure(s3.client.send(new GetObjectCommand({ Bucket, Key: "enc/locked" })));
    assert.deepEqual([missing.code, missing.status, missing.message], ["InvalidRequest", 400, REQUIRED]);
    const wrong = await s3Failure(s3.client.send(new GetObjectCommand({ Bucket, Key: "enc/locked", ...otherSsec })));
    assert.deepEqual([wrong.code, wrong.status, wrong.message], ["AccessDenied", 403, "Access Denied"]);
    assert.equal((await s3Failure(s3.client.send(new HeadObjectCommand({ Bucket, Key: "enc/locked" })))).status, 400);
    assert.equal((await s3Failure(s3.client.send(new HeadObjectCommand({ Bucket, Key: "enc/locked", ...otherSsec })))).status, 403);
    await s3.client.send(new PutObjectCommand({ Bucket, Key: "enc/plain", Body: "y" }));
    const notApplicable = await s3Failure(s3.client.send(new GetObjectCommand({ Bucket, Key: "enc/plain", ...ssec })));
    assert.deepEqual([notApplicable.code, notApplicable.status, notApplicable.message], ["InvalidRequest", 400, "The encryption parameters are not applicable to this object."]);
  });

  it("SSE-C headers: a wrong algorithm, a short key or a key MD5 that does not match is 400 InvalidArgument and stores nothing", async () => {
    const algorithm = await s3Failure(s3.client.send(new PutObjectCommand({ Bucket, Key: "enc/bad", Body: "x", ...ssec, SSECustomerAlgorithm: "AES128" })));
    assert.deepEqual([algorithm.code, algorithm.status], ["InvalidArgument", 400]);
    assert.match(algorithm.message, /must provide a valid encryption algorithm/);
    const short = await s3Failure(s3.client.send(new PutObjectCommand({ Bucket, Key: "enc/bad", Body: "x", ...ssec, SSECustomerKey: randomBytes(16).toString("base64") })));
    assert.deepEqual([short.code, short.message], ["InvalidArgument", "The secret key was invalid for the specified algorithm."]);
    const client = withHeader(s3.clientWith({}), "x-amz-server-side-encryption-customer-key-md5", base64Md5(otherKey));
    const md5 = await s3Failure(client.send(new PutObjectCommand({ Bucket, Key: "enc/bad", Body: "x", ...ssec })));
    assert.deepEqual([md5.code, md5.status, md5.message], ["InvalidArgument", 400, "The calculated MD5 hash of the key did not match the hash that was provided."]);
    client.destroy();
    assert.equal((await s3Failure(s3.client.send(new HeadObjectCommand({ Bucket, Key: "enc/bad" })))).status, 404);
  });

  it("CopyObject: an SSE-C source needs its key; the copy is plain or under a new key as asked", async () => {
    await s3.client.send(new PutObjectCommand({ Bucket, Key: "enc/source", Body: "copy me", ...ssec }));
    const noSourceKey = await s3Failure(s3.client.send(new CopyObjectCommand({ Bucket, Key: "enc/copy", CopySource: `${Bucket}/enc/source` })));
    assert.deepEqual([noSourceKey.code, noSourceKey.status], ["InvalidRequest", 400]);
    await s3.client.send(new CopyObjectCommand({ Bucket, Key: "enc/copy-plain", CopySource: `${Bucket}/enc/source`, ...sourceSsec }));
    assert.equal(await (await s3.client.send(new GetObjectCommand({ Bucket, Key: "enc/copy-plain" }))).Body!.transformToString(), "copy me");
    const rekeyed = await s3.client.send(new CopyObjectCommand({ Bucket, Key: "enc/source", CopySource: `${Bucket}/enc/source`, ...sourceSsec, ...otherSsec }));
    assert.equal(rekeyed.SSECustomerKeyMD5, base64Md5(otherKey));
    assert.equal(await (await s3.client.send(new GetObjectCommand({ Bucket, Key: "enc/source", ...otherSsec }))).Body!.transformToString(), "copy me");
    assert.equal((await s3Failure(s3.client.send(new GetObjectCommand({ Bucket, Key: "enc/source", ...ssec })))).status, 403);
  });

  it("Multipart: parts need the upload's key; UploadPartCopy reads an SSE-C source; the object decrypts across parts", async () => {
    const Key = "enc/multi";
    const create = await s3.client.send(new CreateMultipartUploadCommand({ Bucket, Key, ...ssec }));
    assert.equal(create.SSECustomerKeyMD5, base64Md5(key));
    const { UploadId } = create;
    const first = Buffer.alloc(5 * MiB, 3);
    const noKey = await s3Failure(s3.client.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 1, Body: first })));
    assert.deepEqual([noKey.code, noKey.status], ["InvalidRequest", 400]);
    assert.match(noKey.message, /Subsequent part requests must include the appropriate encryption parameters/);
    const wrongKey = await s3Failure(s3.client.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 1, Body: first, ...otherSsec })));
    assert.deepEqual([wrongKey.code, wrongKey.status], ["InvalidArgument", 400]);
    const part1 = await s3.client.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 1, Body: first, ...ssec }));
    await s3.client.send(new PutObjectCommand({ Bucket, Key: "enc/tail", Body: "tail bytes", ...otherSsec }));
    const part2 = await s3.client.send(
      new UploadPartCopyCommand({
        Bucket,
        Key,
        UploadId,
        PartNumber: 2,
        CopySource: `${Bucket}/enc/tail`,
        CopySourceSSECustomerAlgorithm: "AES256",
        CopySourceSSECustomerKey: otherKey.toString("base64"),
        ...ssec,
      }),
    );
    assert.equal(part2.SSECustomerKeyMD5, base64Md5(key));
    await s3.client.send(
      new CompleteMultipartUploadCommand({
        Bucket,
        Key,
        UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part1.ETag }, { PartNumber: 2, ETag: part2.CopyPartResult!.ETag }] },
      }),
    );
    assert.equal((await s3.client.send(new HeadObjectCommand({ Bucket, Key, ...ssec }))).SSECustomerKeyMD5, base64Md5(key));
    const across = await s3.client.send(new GetObjectCommand({ Bucket, Key, Range: `bytes=${5 * MiB - 2}-${5 * MiB + 3}`, ...ssec }));
    assert.deepEqual(Buffer.from(await across.Body!.transformToByteArray()), Buffer.concat([first.subarray(-2), Buffer.from("tail")]));
    assert.equal((await s3Failure(s3.client.send(new GetObjectCommand({ Bucket, Key })))).status, 400);
  });

  it("Binding interop: an SSE-C object written over S3 reads in the worker with the same key, and the reverse", async () => {
    await s3.client.send(new PutObjectCommand({ Bucket, Key: "enc/from-s3", Body: "over S3", ...ssec }));
    const read = await r2Object(s3.dev, "get", ["enc/from-s3", { ssecKey: key.toString("hex") }]);
    assert.equal(read.body, "over S3");
    assert.equal(read.ssecKeyMd5, base64Md5(key));
    assert.match((await r2Call(s3.dev, "get", ["enc/from-s3"])).error!, /^Error: get: The object was stored using a form of Server Side Encryption/);

    await r2Object(s3.dev, "put", ["enc/from-binding", "in the worker", { ssecKey: key.toString("hex") }]);
    const got = await s3.client.send(new GetObjectCommand({ Bucket, Key: "enc/from-binding", ...ssec }));
    assert.equal(await got.Body!.transformToString(), "in the worker");
  });
});
