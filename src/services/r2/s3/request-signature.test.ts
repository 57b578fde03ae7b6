import assert from "node:assert/strict";
import type { IncomingMessage } from "node:http";
import { describe, it } from "node:test";
import { AwsChunkedDecoder } from "./aws-chunked-decoder.js";
import { verifySignature, type SignedRequest } from "./request-signature.js";
import { S3Error } from "./s3-error.js";

// The examples of AWS's Signature V4 documentation for S3: their key, bucket and clock.
const SECRETS = { secretOf: (id: string) => (id === "AKIAIOSFODNN7EXAMPLE" ? "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" : undefined) };
const SIGNED_AT = new Date("2013-05-24T00:00:00Z");

function request(method: string, headers: Record<string, string>): IncomingMessage {
  const distinct = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]]));
  return { method, headers, headersDistinct: distinct } as unknown as IncomingMessage;
}

function verify(method: string, url: string, headers: Record<string, string>, now = SIGNED_AT): SignedRequest {
  const [rawPath, rawQuery = ""] = url.split("?") as [string, string?];
  return verifySignature(request(method, headers), { rawPath, rawQuery, query: new URLSearchParams(rawQuery) }, SECRETS, now);
}

/** The 66,560-byte body of AWS's chunked upload example: 64 KiB and 1 KiB chunks of `a`. */
function exampleChunkedBody(lastSignature = "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9"): Buffer {
  return Buffer.concat([
    Buffer.from("10000;chunk-signature=ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648\r\n"),
    Buffer.alloc(65536, "a"),
    Buffer.from("\r\n400;chunk-signature=0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497\r\n"),
    Buffer.alloc(1024, "a"),
    Buffer.from(`\r\n0;chunk-signature=${lastSignature}\r\n\r\n`),
  ]);
}

const CHUNKED_HEADERS = {
  host: "s3.amazonaws.com",
  "x-amz-date": "20130524T000000Z",
  "x-amz-storage-class": "REDUCED_REDUNDANCY",
  authorization:
    "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class,Signature=4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9",
  "x-amz-content-sha256": "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
  "content-encoding": "aws-chunked",
  "x-amz-decoded-content-length": "66560",
  "content-length": "66824",
};

/** Feeds `body` through a decoder in odd-sized pieces; resolves with the payload length or rejects. */
function decode(signed: SignedRequest, body: Buffer): Promise<number> {
  const signing = { signingKey: signed.signingKey, timestamp: signed.timestamp, scope: signed.scope, seedSignature: signed.signature };
  return decodeWith(new AwsChunkedDecoder({ signing, decodedLength: 66560 }), body);
}

function decodeWith(decoder: AwsChunkedDecoder, body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    let length = 0;
    decoder.on("data", (chunk: Buffer) => (length += chunk.length));
    decoder.on("error", reject);
    decoder.on("end", () => resolve(length));
    for (let at = 0; at < body.length; at += 7001) decoder.write(body.subarray(at, at + 7001));
    decoder.end();
  });
}

describe("verifySignature", () => {
  it("verifySignature: accepts AWS's GET Object example (header form, with Range signed)", () => {
    const signed = verify("GET", "/test.txt", {
      host: "examplebucket.s3.amazonaws.com",
      range: "bytes=0-9",
      "x-amz-content-sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
      "x-amz-date": "20130524T000000Z",
      authorization:
        "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
    });
    assert.equal(signed.accessKeyId, "AKIAIOSFODNN7EXAMPLE");
  });

  it("verifySignature: accepts AWS's presigned URL example, and refuses it once expired", () => {
    const url =
      "/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404";
    const headers = { host: "examplebucket.s3.amazonaws.com" };
    assert.equal(verify("GET", url, headers).payloadHash, "UNSIGNED-PAYLOAD");
    assert.throws(
      () => verify("GET", url, headers, new Date(SIGNED_AT.getTime() + 86_401_000)),
      (error: S3Error) => error.code === "AccessDenied" && error.message === "Request has expired",
    );
  });

  it("verifySignature: a changed header is SignatureDoesNotMatch, an unknown key InvalidAccessKeyId", () => {
    assert.throws(() => verify("PUT", "/examplebucket/chunkObject.txt", { ...CHUNKED_HEADERS, "x-amz-storage-class": "STANDARD" }), {
      code: "SignatureDoesNotMatch",
      status: 403,
    });
    const unknown = CHUNKED_HEADERS.authorization.replace("AKIAIOSFODNN7EXAMPLE", "AKIDUNKNOWN");
    assert.throws(() => verify("PUT", "/examplebucket/chunkObject.txt", { ...CHUNKED_HEADERS, authorization: unknown }), { code: "InvalidAccessKeyId", status: 403 });
  });

  it("verifySignature: a request signed more than 15 minutes from the server's clock is RequestTimeTooSkewed", () => {
    assert.throws(() => verify("PUT", "/examplebucket/chunkObject.txt", CHUNKED_HEADERS, new Date(SIGNED_AT.getTime() + 16 * 60_000)), {
      code: "RequestTimeTooSkewed",
    });
  });
});

describe("AwsChunkedDecoder", () => {
  it("AwsChunkedDecoder: decodes AWS's signed chunked upload example, checking every chunk signature", async () => {
    const signed = verify("PUT", "/examplebucket/chunkObject.txt", CHUNKED_HEADERS);
    assert.equal(await decode(signed, exampleChunkedBody()), 66560);
  });

  it("AwsChunkedDecoder: a chunk whose signature does not chain fails the body", async () => {
    const signed = verify("PUT", "/examplebucket/chunkObject.txt", CHUNKED_HEADERS);
    await assert.rejects(decode(signed, exampleChunkedBody("0".repeat(64))), { code: "SignatureDoesNotMatch" });
  });
});

describe("AwsChunkedDecoder trailers", () => {
  // What @aws-sdk/client-s3 sends for a streamed PutObject: STREAMING-UNSIGNED-PAYLOAD-TRAILER.
  const body = (crc32: string) => Buffer.from(`5\r\nhello\r\n5\r\nworld\r\n0\r\nx-amz-checksum-crc32:${crc32}\r\n\r\n`);
  const decoder = () => new AwsChunkedDecoder({ trailer: "x-amz-checksum-crc32", decodedLength: 10 });

  it("AwsChunkedDecoder: an unsigned body with a matching CRC32 trailer decodes", async () => {
    assert.equal(await decodeWith(decoder(), body("+esgrQ==")), 10);
  });

  it("AwsChunkedDecoder: a CRC32 trailer that does not match the bytes is BadDigest", async () => {
    await assert.rejects(decodeWith(decoder(), body("AAAAAA==")), { code: "BadDigest" });
  });

  it("AwsChunkedDecoder: a body shorter than x-amz-decoded-content-length is IncompleteBody", async () => {
    const short = new AwsChunkedDecoder({ trailer: "x-amz-checksum-crc32", decodedLength: 11 });
    await assert.rejects(decodeWith(short, body("+esgrQ==")), { code: "IncompleteBody" });
  });
});
