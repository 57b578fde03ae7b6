import { createHash, type Hash } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";
import { crc32 } from "node:zlib";
import { S3Error } from "./s3-error.js";

/** The digests a body can be checked against: S3's checksum algorithms Node computes, and MD5. */
export type DigestAlgorithm = "crc32" | "md5" | "sha1" | "sha256";

/** A digest computed as bytes pass. */
export class RunningDigest {
  readonly #hash: Hash | undefined;
  #crc = 0;

  constructor(readonly algorithm: DigestAlgorithm) {
    if (algorithm !== "crc32") this.#hash = createHash(algorithm);
  }

  update(chunk: Buffer): void {
    if (this.#hash) this.#hash.update(chunk);
    else this.#crc = crc32(chunk, this.#crc);
  }

  digest(): Buffer {
    if (this.#hash) return this.#hash.digest();
    const out = Buffer.alloc(4);
    out.writeUInt32BE(this.#crc >>> 0);
    return out;
  }
}

/** A digest the body must have, and the error to raise when it does not. */
export interface ExpectedDigest {
  algorithm: DigestAlgorithm;
  expected: Buffer;
  mismatch: () => S3Error;
}

/**
 * Passes a body through unchanged and fails it at its end if a digest differs, so a store that
 * reads it never commits bytes the client did not send.
 */
export class DigestCheck extends Transform {
  readonly #checks: { digest: RunningDigest; expected: ExpectedDigest }[];

  constructor(expected: readonly ExpectedDigest[]) {
    super();
    this.#checks = expected.map((check) => ({ digest: new RunningDigest(check.algorithm), expected: check }));
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    for (const check of this.#checks) check.digest.update(chunk);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    const failed = this.#checks.find((check) => !check.digest.digest().equals(check.expected.expected));
    callback(failed?.expected.mismatch());
  }
}

/** `x-amz-checksum-<algorithm>` headers (or trailers) Outpost verifies; others are accepted unchecked. */
export const CHECKSUM_HEADERS: Readonly<Record<string, DigestAlgorithm>> = {
  "x-amz-checksum-crc32": "crc32",
  "x-amz-checksum-sha1": "sha1",
  "x-amz-checksum-sha256": "sha256",
};

/** The check of a base64 `x-amz-checksum-*` value, by the header's name. */
export function checksumExpectation(header: string, base64: string): ExpectedDigest | undefined {
  const algorithm = CHECKSUM_HEADERS[header];
  if (algorithm === undefined) return undefined;
  return {
    algorithm,
    expected: Buffer.from(base64, "base64"),
    mismatch: () => new S3Error("BadDigest", 400, `The ${header} you specified did not match the calculated checksum.`),
  };
}
