import { createHash, timingSafeEqual } from "node:crypto";
import { R2Error, type R2ErrorCode } from "./errors.js";

/** Bytes of an SSE-C key: AES-256. */
export const SSEC_KEY_BYTES = 32;

/**
 * A customer-provided key (SSE-C). Only its MD5 is ever stored: it is what R2 reports as
 * `ssecKeyMd5` (base64, as S3's `x-amz-server-side-encryption-customer-key-MD5`) and what a key
 * given later is checked against.
 */
export interface SsecKey {
  readonly bytes: Buffer;
  /** Base64 of the MD5 of `bytes`. */
  readonly md5: string;
}

/** The key of `bytes`, which the caller has checked are SSEC_KEY_BYTES long. */
export function ssecKey(bytes: Buffer): SsecKey {
  return { bytes, md5: createHash("md5").update(bytes).digest("base64") };
}

/**
 * Refuses a read whose key does not fit the object: an encrypted object read without its key or
 * with another, or a plain object read with a key. These are S3's rules; R2 documents none of its
 * own for the binding, which follows them too.
 */
export function checkSsecRead(objectKeyMd5: string | undefined, given: SsecKey | undefined): void {
  checkKeyFits(objectKeyMd5, given, { missing: "SsecKeyRequired", other: "SsecKeyMismatch" });
}

/** Refuses a part whose key does not fit its upload: the key the upload was created with, or none. */
export function checkSsecPart(uploadKeyMd5: string | undefined, given: SsecKey | undefined): void {
  checkKeyFits(uploadKeyMd5, given, { missing: "SsecUploadKeyRequired", other: "SsecUploadKeyMismatch" });
}

/** `given` must be the key whose MD5 is `storedMd5`, or absent when there is none. */
function checkKeyFits(storedMd5: string | undefined, given: SsecKey | undefined, refusals: { missing: R2ErrorCode; other: R2ErrorCode }): void {
  if (storedMd5 === undefined) {
    if (given !== undefined) throw new R2Error("SsecNotApplicable");
    return;
  }
  if (given === undefined) throw new R2Error(refusals.missing);
  if (!sameMd5(storedMd5, given.md5)) throw new R2Error(refusals.other);
}

function sameMd5(stored: string, given: string): boolean {
  const a = Buffer.from(stored, "base64");
  const b = Buffer.from(given, "base64");
  return a.length === b.length && timingSafeEqual(a, b);
}
