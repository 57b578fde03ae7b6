import assert from "node:assert/strict";
import { stat } from "node:fs/promises";
import { Agent } from "node:http";
import path from "node:path";
import { describe, it } from "node:test";
import { GetObjectCommand, ListBucketsCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { failed, runOutpost, succeeded } from "../helpers/outpost-cli.js";
import { createAccessKey, FIXTURE_BUCKET, s3Failure, useS3Dev, type S3Dev } from "./s3-dev.js";

const Bucket = FIXTURE_BUCKET;

describe("S3 API authentication", () => {
  let s3: S3Dev;
  useS3Dev((started) => (s3 = started));

  it("SignatureDoesNotMatch: a request signed with the wrong secret is refused with 403", async () => {
    const client = s3.clientWith({ credentials: { accessKeyId: s3.credentials.accessKeyId, secretAccessKey: "not-the-secret" } });
    const failure = await s3Failure(client.send(new ListBucketsCommand({})));
    assert.deepEqual([failure.code, failure.status], ["SignatureDoesNotMatch", 403]);
    client.destroy();
  });

  it("InvalidAccessKeyId: an unknown key, and an unsigned request, are refused with 403", async () => {
    const client = s3.clientWith({ credentials: { accessKeyId: "0123456789abcdef0123456789abcdef", secretAccessKey: "x" } });
    const failure = await s3Failure(client.send(new ListBucketsCommand({})));
    assert.deepEqual([failure.code, failure.status], ["InvalidAccessKeyId", 403]);
    client.destroy();
    const unsigned = await fetch(`${s3.dev.s3Url}/${Bucket}/anything`);
    assert.equal(unsigned.status, 403);
    assert.match(await unsigned.text(), /<Code>InvalidAccessKeyId<\/Code>.*<Resource>\/fixture-bucket\/anything<\/Resource>/s);
  });

  it("Presigned URLs: a GET and a PUT with plain fetch; a tampered URL does not match", async () => {
    const putUrl = await getSignedUrl(s3.client, new PutObjectCommand({ Bucket, Key: "presigned.txt" }), { expiresIn: 300 });
    const put = await fetch(putUrl, { method: "PUT", body: "uploaded by URL" });
    assert.equal(put.status, 200, await put.clone().text());
    const getUrl = await getSignedUrl(s3.client, new GetObjectCommand({ Bucket, Key: "presigned.txt", ResponseContentType: "text/x-presigned" }), { expiresIn: 300 });
    const got = await fetch(getUrl);
    assert.equal(got.status, 200);
    assert.equal(got.headers.get("content-type"), "text/x-presigned");
    assert.equal(await got.text(), "uploaded by URL");
    const tampered = await fetch(getUrl.replace("presigned.txt", "other.txt"));
    assert.equal(tampered.status, 403);
    assert.match(await tampered.text(), /<Code>SignatureDoesNotMatch<\/Code>/);
  });

  it("Presigned URLs: an expired URL is 403 AccessDenied, Request has expired", async () => {
    const url = await getSignedUrl(s3.client, new GetObjectCommand({ Bucket, Key: "presigned.txt" }), {
      expiresIn: 60,
      signingDate: new Date(Date.now() - 3600_000),
    });
    const response = await fetch(url);
    assert.equal(response.status, 403);
    const body = await response.text();
    assert.match(body, /<Code>AccessDenied<\/Code>/);
    assert.match(body, /<Message>Request has expired<\/Message>/);
  });

  it("Virtual-host style: <bucket>.localhost addresses the bucket", async () => {
    // <bucket>.localhost need not resolve on every machine: connect to loopback whatever the name.
    const loopback = (_host: string, options: { all?: boolean }, callback: (...result: unknown[]) => void) =>
      options.all ? callback(null, [{ address: "127.0.0.1", family: 4 }]) : callback(null, "127.0.0.1", 4);
    const httpAgent = new Agent({ lookup: loopback as never });
    const port = new URL(s3.dev.s3Url).port;
    const client = s3.clientWith({ endpoint: `http://localhost:${port}`, forcePathStyle: false, requestHandler: { httpAgent } });
    await client.send(new PutObjectCommand({ Bucket, Key: "vhost/key.txt", Body: "virtual host" }));
    const got = await s3.client.send(new GetObjectCommand({ Bucket, Key: "vhost/key.txt" }));
    assert.equal(await got.Body!.transformToString(), "virtual host");
    const back = await client.send(new GetObjectCommand({ Bucket, Key: "vhost/key.txt" }));
    assert.equal(await back.Body!.transformToString(), "virtual host");
    client.destroy();
  });

  it("outpost r2 keys: list never shows secrets; a revoked key stops working at once", async () => {
    const extra = await createAccessKey(s3.project, "ci");
    const listed = await succeeded(runOutpost(["r2", "keys", "list", "-c", s3.project]));
    assert.match(listed, new RegExp(extra.accessKeyId));
    assert.match(listed, /\bci\b/);
    assert.ok(!listed.includes(extra.secretAccessKey) && !listed.includes(s3.credentials.secretAccessKey));
    const json = JSON.parse(await succeeded(runOutpost(["r2", "keys", "list", "--json", "-c", s3.project]))) as { accessKeyId: string; name: string }[];
    assert.deepEqual(json.map((key) => key.name), ["test", "ci"]);

    const client = s3.clientWith({ credentials: extra });
    await client.send(new ListBucketsCommand({}));
    await succeeded(runOutpost(["r2", "keys", "revoke", extra.accessKeyId, "-c", s3.project]));
    const failure = await s3Failure(client.send(new ListBucketsCommand({})));
    assert.deepEqual([failure.code, failure.status], ["InvalidAccessKeyId", 403]);
    client.destroy();
    const unknown = await failed(runOutpost(["r2", "keys", "revoke", extra.accessKeyId, "-c", s3.project]));
    assert.match(unknown, new RegExp(`No S3 access key has the id "${extra.accessKeyId}"`));
  });

  it("Access keys: the file holding the secrets is readable by its owner alone", async () => {
    const file = await stat(path.join(s3.project, ".outpost", "r2", "s3-access-keys.sqlite"));
    assert.equal(file.mode & 0o777, 0o600);
  });
});
