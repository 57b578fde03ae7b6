import type { Readable } from "node:stream";
import type { R2Conditions } from "./conditions.js";
import type { R2RangeRequest } from "./range.js";
import type { SsecKey } from "./ssec.js";

export type R2StorageClass = "Standard" | "InfrequentAccess";

export type R2HashAlgorithm = "md5" | "sha1" | "sha256" | "sha384" | "sha512";

/** Every algorithm R2 checks, in the order its binding numbers them. */
export const R2_HASH_ALGORITHMS: readonly R2HashAlgorithm[] = ["md5", "sha1", "sha256", "sha384", "sha512"];

/** Digests of an object's bytes, lowercase hex. */
export type R2Checksums = Partial<Record<R2HashAlgorithm, string>>;

export interface R2HttpMetadata {
  contentType?: string;
  contentLanguage?: string;
  contentDisposition?: string;
  contentEncoding?: string;
  cacheControl?: string;
  cacheExpiry?: Date;
}

/** What R2 knows about a stored object (an `R2Object` without the body). */
export interface R2ObjectInfo {
  key: string;
  /** Changes on every write of the key. */
  version: string;
  size: number;
  /** Unquoted: the MD5 hex, or `<md5 of the parts' md5s>-<parts>` for a multipart object. */
  etag: string;
  uploaded: Date;
  httpMetadata: R2HttpMetadata;
  customMetadata: Record<string, string>;
  checksums: R2Checksums;
  storageClass: R2StorageClass;
  /** Base64 MD5 of the SSE-C key the object is encrypted with; absent for a plain object. */
  ssecKeyMd5?: string;
}

export interface R2GetOptions {
  range?: R2RangeRequest;
  onlyIf?: R2Conditions;
  /** The SSE-C key an encrypted object needs (and a plain one refuses). */
  ssecKey?: SsecKey;
}

export interface R2GetResult {
  object: R2ObjectInfo;
  /** `null` when `onlyIf` failed: R2 then answers with the object and no body. */
  body: Readable | null;
  /** The bytes `body` holds, when a range was asked for. */
  range?: { offset: number; length: number };
}

export interface R2PutOptions {
  /** The body's length, when known; a body of another length is refused. */
  size?: number;
  httpMetadata?: R2HttpMetadata;
  customMetadata?: Record<string, string>;
  storageClass?: R2StorageClass;
  /** Digests (hex) the body must have; one that differs fails the put with BadDigest. */
  checksums?: R2Checksums;
  onlyIf?: R2Conditions;
  /** Store the object encrypted under this SSE-C key. */
  ssecKey?: SsecKey;
}

export interface R2CopyOptions {
  onlyIf?: R2Conditions;
  /** Replaces the source's HTTP metadata when given. */
  httpMetadata?: R2HttpMetadata;
  /** Replaces the source's custom metadata when given. */
  customMetadata?: Record<string, string>;
  /** The SSE-C key the source is encrypted with. */
  sourceSsecKey?: SsecKey;
  /** Store the copy encrypted under this SSE-C key (else it is plain, whatever the source was). */
  ssecKey?: SsecKey;
}

export interface R2ListOptions {
  prefix?: string;
  delimiter?: string;
  cursor?: string;
  startAfter?: string;
  /** 1..1000. @default 1000 */
  limit?: number;
  /** Metadata to return; what is left out comes back empty. @default both */
  include?: ("httpMetadata" | "customMetadata")[];
}

export interface R2ListResult {
  objects: R2ObjectInfo[];
  truncated: boolean;
  /** Only when `truncated`. */
  cursor?: string;
  delimitedPrefixes: string[];
}
