import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteBucketCorsCommand,
  GetBucketCorsCommand,
  GetBucketLocationCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  PutBucketCorsCommand,
  PutObjectCommand,
  DeleteObjectCommand,
  PutBucketTaggingCommand,
  GetObjectCommand,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { FIXTURE_BUCKET, s3Failure, useS3Dev, withRawBody, type S3Dev } from "./s3-dev.js";

describe("S3 API buckets", () => {
  let s3: S3Dev;
  useS3Dev((started) => (s3 = started));

  it("ListBuckets: lists the config's buckets with their creation dates", async () => {
    const { Buckets } = await s3.client.send(new ListBucketsCommand({}));
    const names = Buckets!.map((bucket) => bucket.Name);
    assert.ok(names.includes(FIXTURE_BUCKET) && names.includes("other-bucket"), names.join(","));
    assert.ok(Buckets!.every((bucket) => bucket.CreationDate instanceof Date));
  });

  it("CreateBucket, HeadBucket, DeleteBucket: a bucket's whole life", async () => {
    await s3.client.send(new CreateBucketCommand({ Bucket: "made-by-s3" }));
    await s3.client.send(new HeadBucketCommand({ Bucket: "made-by-s3" }));
    const again = await s3Failure(s3.client.send(new CreateBucketCommand({ Bucket: "made-by-s3" })));
    assert.deepEqual([again.code, again.status], ["BucketAlreadyExists", 409]);
    await s3.client.send(new DeleteBucketCommand({ Bucket: "made-by-s3" }));
    const gone = await s3Failure(s3.client.send(new HeadBucketCommand({ Bucket: "made-by-s3" })));
    assert.equal(gone.status, 404);
  });

  it("CreateBucket: an invalid name is InvalidBucketName", async () => {
    const failure = await s3Failure(s3.client.send(new CreateBucketCommand({ Bucket: "No_Such-Name" })));
    assert.deepEqual([failure.code, failure.status], ["InvalidBucketName", 400]);
  });

  it("DeleteBucket: a bucket holding objects is BucketNotEmpty", async () => {
    await s3.client.send(new CreateBucketCommand({ Bucket: "full-bucket" }));
    await s3.client.send(new PutObjectCommand({ Bucket: "full-bucket", Key: "k", Body: "x" }));
    const failure = await s3Failure(s3.client.send(new DeleteBucketCommand({ Bucket: "full-bucket" })));
    assert.deepEqual([failure.code, failure.status], ["BucketNotEmpty", 409]);
    await s3.client.send(new DeleteObjectCommand({ Bucket: "full-bucket", Key: "k" }));
    await s3.client.send(new DeleteBucketCommand({ Bucket: "full-bucket" }));
  });

  it("GetBucketLocation: auto", async () => {
    const { LocationConstraint } = await s3.client.send(new GetBucketLocationCommand({ Bucket: FIXTURE_BUCKET }));
    assert.equal(LocationConstraint, "auto");
  });

  it("NoSuchBucket: operations on a missing bucket say so with 404, even with a large body unread", async () => {
    // The SDK sends a body over 2 MiB with Expect: 100-continue and Connection: close; the answer
    // comes instead of 100 Continue, so the client never meets a socket closed under its upload.
    for (let attempt = 0; attempt < 20; attempt++) {
      const failure = await s3Failure(s3.client.send(new PutObjectCommand({ Bucket: "nowhere", Key: "k", Body: Buffer.alloc(8 * 1024 * 1024) })));
      assert.deepEqual([failure.code, failure.status], ["NoSuchBucket", 404]);
    }
    await s3.client.send(new ListBucketsCommand({}));
  });

  it("NotImplemented: an S3 feature R2 lacks (tagging) is refused by name", async () => {
    const failure = await s3Failure(s3.client.send(new PutBucketTaggingCommand({ Bucket: FIXTURE_BUCKET, Tagging: { TagSet: [] } })));
    assert.equal(failure.code, "NotImplemented");
    assert.match(failure.message, /tagging/);
  });

  it("Get/Put/DeleteBucketCors: rules round-trip, and a missing configuration is NoSuchCORSConfiguration", async () => {
    const missing = await s3Failure(s3.client.send(new GetBucketCorsCommand({ Bucket: FIXTURE_BUCKET })));
    assert.deepEqual([missing.code, missing.status], ["NoSuchCORSConfiguration", 404]);
    const rule = { AllowedOrigins: ["https://app.example"], AllowedMethods: ["GET", "PUT"], AllowedHeaders: ["content-type"], ExposeHeaders: ["ETag"], MaxAgeSeconds: 600 };
    await s3.client.send(new PutBucketCorsCommand({ Bucket: FIXTURE_BUCKET, CORSConfiguration: { CORSRules: [rule] } }));
    const { CORSRules } = await s3.client.send(new GetBucketCorsCommand({ Bucket: FIXTURE_BUCKET }));
    assert.deepEqual(CORSRules, [rule]);

    const preflight = await fetch(`${s3.dev.s3Url}/${FIXTURE_BUCKET}/photo.jpg`, {
      method: "OPTIONS",
      headers: { Origin: "https://app.example", "Access-Control-Request-Method": "PUT", "Access-Control-Request-Headers": "content-type" },
    });
    assert.equal(preflight.status, 200);
    assert.equal(preflight.headers.get("access-control-allow-origin"), "https://app.example");
    assert.equal(preflight.headers.get("access-control-allow-methods"), "GET, PUT");
    assert.equal(preflight.headers.get("access-control-max-age"), "600");
    const refused = await fetch(`${s3.dev.s3Url}/${FIXTURE_BUCKET}/photo.jpg`, {
      method: "OPTIONS",
      headers: { Origin: "https://evil.example", "Access-Control-Request-Method": "PUT" },
    });
    assert.equal(refused.status, 403);
    assert.match(await refused.text(), /<Code>AccessForbidden<\/Code>/);
    await s3.client.send(new PutObjectCommand({ Bucket: FIXTURE_BUCKET, Key: "photo.jpg", Body: "jpeg" }));
    const url = await getSignedUrl(s3.client, new GetObjectCommand({ Bucket: FIXTURE_BUCKET, Key: "photo.jpg" }), { expiresIn: 60 });
    const fromApp = await fetch(url, { headers: { Origin: "https://app.example" } });
    assert.equal(fromApp.headers.get("access-control-allow-origin"), "https://app.example");
    assert.equal(fromApp.headers.get("access-control-expose-headers"), "ETag");

    await s3.client.send(new DeleteBucketCorsCommand({ Bucket: FIXTURE_BUCKET }));
    const deleted = await s3Failure(s3.client.send(new GetBucketCorsCommand({ Bucket: FIXTURE_BUCKET })));
    assert.equal(deleted.code, "NoSuchCORSConfiguration");
  });

  it("PutBucketCors: an unsupported method and bad XML are refused naming the problem", async () => {
    const method = await s3Failure(
      s3.client.send(new PutBucketCorsCommand({ Bucket: FIXTURE_BUCKET, CORSConfiguration: { CORSRules: [{ AllowedOrigins: ["*"], AllowedMethods: ["PATCH"] }] } })),
    );
    assert.equal(method.code, "InvalidRequest");
    assert.match(method.message, /PATCH/);
    const client = withRawBody(s3.clientWith({}), "<CORSConfiguration><CORSRule><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>", "signed");
    const noOrigin = await s3Failure(
      client.send(new PutBucketCorsCommand({ Bucket: FIXTURE_BUCKET, CORSConfiguration: { CORSRules: [{ AllowedOrigins: ["*"], AllowedMethods: ["GET"] }] } })),
    );
    assert.deepEqual([noOrigin.code, noOrigin.status], ["MalformedXML", 400]);
    assert.match(noOrigin.message, /AllowedOrigin/);
    client.destroy();
  });
});
