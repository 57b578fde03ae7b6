import type { IncomingMessage } from "node:http";
import { pipeline, type Readable, type Transform } from "node:stream";
import { AwsChunkedDecoder } from "./aws-chunked-decoder.js";
import { checksumExpectation, DigestCheck, type ExpectedDigest } from "./body-digests.js";
import { header, type S3Request } from "./s3-request.js";
import { S3Error } from "./s3-error.js";
import { UNSIGNED_PAYLOAD } from "../../../aws-auth/index.js";

/** A request's payload, decoded and checked as it is read. */
export interface Payload {
  body: Readable;
  /** Its length in bytes, when the client declared it. */
  size?: number;
}

/** The x-amz-content-sha256 values of aws-chunked bodies, and whether their chunks are signed. */
const STREAMING_MODES: Readonly<Record<string, { signed: boolean }>> = {
  "STREAMING-AWS4-HMAC-SHA256-PAYLOAD": { signed: true },
  "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER": { signed: true },
  "STREAMING-UNSIGNED-PAYLOAD-TRAILER": { signed: false },
};

/**
 * The body of `request` as a stream that fails, rather than ends, if the bytes are not the ones
 * signed or checksummed: the payload hash, aws-chunked signatures and trailers, Content-MD5 and
 * `x-amz-checksum-*` headers are all checked as the bytes pass.
 */
export function openPayload(request: S3Request): Payload {
  const { payloadHash } = request.signature;
  const stages: Transform[] = [];
  const checks: ExpectedDigest[] = [];
  let size = declaredLength(request, "content-length");
  if (payloadHash.startsWith("STREAMING-")) {
    const mode = STREAMING_MODES[payloadHash];
    if (mode === undefined) throw new S3Error("NotImplemented", 501, `x-amz-content-sha256 "${payloadHash}" is not supported; sign the payload with HMAC-SHA256 or leave it unsigned.`);
    size = declaredLength(request, "x-amz-decoded-content-length");
    const { signingKey, timestamp, scope, signature } = request.signature;
    stages.push(
      new AwsChunkedDecoder({
        signing: mode.signed ? { signingKey, timestamp, scope, seedSignature: signature } : undefined,
        trailer: header(request, "x-amz-trailer"),
        decodedLength: size,
      }),
    );
  } else if (payloadHash !== UNSIGNED_PAYLOAD) {
    if (!/^[0-9a-f]{64}$/.test(payloadHash)) throw new S3Error("InvalidArgument", 400, `x-amz-content-sha256 must be a SHA-256 in hex, UNSIGNED-PAYLOAD or a STREAMING- mode (got "${payloadHash}").`);
    checks.push({
      algorithm: "sha256",
      expected: Buffer.from(payloadHash, "hex"),
      mismatch: () => new S3Error("XAmzContentSHA256Mismatch", 400, "The provided 'x-amz-content-sha256' header does not match what was computed."),
    });
  }
  checks.push(...headerChecks(request));
  if (checks.length > 0) stages.push(new DigestCheck(checks));
  return { body: chain(request.incoming, stages), size };
}

/**
 * `incoming` through `stages`. A failing stage fails the stages after it, so the store sees its
 * error, but leaves the request itself to be drained, not destroyed, so the error can be answered.
 */
function chain(incoming: IncomingMessage, stages: readonly Transform[]): Readable {
  const [first, ...rest] = stages;
  if (first === undefined) return incoming;
  incoming.pipe(first);
  first.once("error", () => {
    incoming.unpipe(first);
    incoming.resume();
  });
  incoming.once("close", () => {
    if (!incoming.complete) first.destroy(new S3Error("IncompleteBody", 400, "The client closed the connection before sending the whole body."));
  });
  return rest.reduce<Readable>((source, stage) => pipeline(source, stage, () => {}), first);
}

/** Content-MD5 and `x-amz-checksum-*` headers as checks. */
function headerChecks(request: S3Request): ExpectedDigest[] {
  const checks: ExpectedDigest[] = [];
  const md5 = header(request, "content-md5");
  if (md5 !== undefined) {
    const expected = Buffer.from(md5, "base64");
    if (expected.length !== 16) throw new S3Error("InvalidDigest", 400, "The Content-MD5 you specified is not the base64 of a 16-byte MD5.");
    checks.push({ algorithm: "md5", expected, mismatch: () => new S3Error("BadDigest", 400, "The Content-MD5 you specified did not match what we received.") });
  }
  for (const [name, value] of Object.entries(request.headers)) {
    const check = typeof value === "string" ? checksumExpectation(name, value) : undefined;
    if (check) checks.push(check);
  }
  return checks;
}

function declaredLength(request: S3Request, name: string): number | undefined {
  const value = header(request, name);
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new S3Error("InvalidArgument", 400, `${name} must be a whole number of bytes (got "${value}").`);
  return Number(value);
}

/** Reads a small body (an XML document) whole, refusing one over `maxBytes`. */
export async function readSmallPayload(request: S3Request, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of openPayload(request).body as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > maxBytes) throw new S3Error("EntityTooLarge", 400, `The request body is larger than the ${maxBytes} bytes this operation accepts.`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
