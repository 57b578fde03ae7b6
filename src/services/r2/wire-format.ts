import type { R2Conditions } from "./conditions.js";
import type { R2Checksums, R2HttpMetadata, R2ObjectInfo, R2StorageClass } from "./object-info.js";
import { R2Error } from "./errors.js";
import type { R2RangeRequest } from "./range.js";
import { SSEC_KEY_BYTES, ssecKey, type SsecKey } from "./ssec.js";

/**
 * The JSON workerd's `r2Bucket` binding exchanges with its backend (capnp's JSON encoding of
 * `r2-api.capnp`): 64-bit numbers arrive as strings, checksums are keyed "0".."4", custom
 * metadata is a list of `{k, v}`.
 */
export interface WireEtag {
  value?: string;
  type: "strong" | "weak" | "wildcard";
}

export interface WireConditional {
  etagMatches?: WireEtag[];
  etagDoesNotMatch?: WireEtag[];
  uploadedBefore?: string | number;
  uploadedAfter?: string | number;
  secondsGranularity?: boolean;
}

export interface WireHttpFields {
  contentType?: string;
  contentLanguage?: string;
  contentDisposition?: string;
  contentEncoding?: string;
  cacheControl?: string;
  cacheExpiry?: string | number;
}

export interface WireRecord {
  k: string;
  v: string;
}

export interface WireRequest {
  version?: number;
  method: string;
  object?: string;
  objects?: string[];
  range?: { offset?: string | number; length?: string | number; suffix?: string | number };
  rangeHeader?: string;
  onlyIf?: WireConditional;
  customFields?: WireRecord[];
  httpFields?: WireHttpFields;
  md5?: string;
  sha1?: string;
  sha256?: string;
  sha384?: string;
  sha512?: string;
  storageClass?: string;
  uploadId?: string;
  partNumber?: number;
  parts?: { etag: string; part: number }[];
  limit?: number;
  prefix?: string;
  cursor?: string;
  delimiter?: string;
  startAfter?: string;
  include?: number[];
  /** The SSE-C key (`ssecKey`) as 64 lowercase hex digits; workerd checks the format first. */
  ssec?: { key?: string };
}

const CHECKSUM_FIELDS = ["md5", "sha1", "sha256", "sha384", "sha512"] as const;

function etags(list: WireEtag[] | undefined): string[] | undefined {
  return list?.map((etag) => (etag.type === "wildcard" ? "*" : etag.type === "weak" ? `W/${etag.value}` : etag.value!));
}

export function decodeConditions(wire: WireConditional | undefined): R2Conditions | undefined {
  if (wire === undefined) return undefined;
  const date = (value: string | number | undefined): Date | undefined => (value === undefined ? undefined : new Date(Number(value)));
  return {
    etagMatches: etags(wire.etagMatches),
    etagDoesNotMatch: etags(wire.etagDoesNotMatch),
    uploadedBefore: date(wire.uploadedBefore),
    uploadedAfter: date(wire.uploadedAfter),
    secondsGranularity: wire.secondsGranularity,
  };
}

export function decodeRange(wire: WireRequest["range"]): R2RangeRequest | undefined {
  if (wire === undefined) return undefined;
  const number = (value: string | number | undefined): number | undefined => (value === undefined ? undefined : Number(value));
  const range = { offset: number(wire.offset), length: number(wire.length), suffix: number(wire.suffix) };
  return range.offset === undefined && range.length === undefined && range.suffix === undefined ? undefined : range;
}

export function decodeHttpFields(wire: WireHttpFields | undefined): R2HttpMetadata {
  if (wire === undefined) return {};
  const { cacheExpiry, ...rest } = wire;
  return cacheExpiry === undefined ? rest : { ...rest, cacheExpiry: new Date(Number(cacheExpiry)) };
}

export function decodeCustomFields(wire: WireRecord[] | undefined): Record<string, string> {
  return Object.fromEntries((wire ?? []).map(({ k, v }) => [k, v]));
}

/** The digests a put must match, as hex (workerd sends MD5 as base64). */
export function decodeChecksums(wire: WireRequest): R2Checksums {
  const checksums: R2Checksums = {};
  for (const field of CHECKSUM_FIELDS) {
    const value = wire[field];
    if (value !== undefined) checksums[field] = field === "md5" ? Buffer.from(value, "base64").toString("hex") : value;
  }
  return checksums;
}

export function decodeStorageClass(wire: string | undefined): R2StorageClass | undefined {
  return wire === "InfrequentAccess" || wire === "Standard" ? wire : undefined;
}

export function decodeSsecKey(wire: WireRequest["ssec"]): SsecKey | undefined {
  if (wire?.key === undefined) return undefined;
  const bytes = Buffer.from(wire.key, "hex");
  if (bytes.length !== SSEC_KEY_BYTES || bytes.toString("hex") !== wire.key.toLowerCase()) throw new R2Error("InvalidArgument", "SSE-C Key must be 32 bytes in length");
  return ssecKey(bytes);
}

/** The `ssec` of an answer: what the binding shows as `ssecKeyMd5` (algorithm as workerd's own tests spell it). */
export function encodeSsec(keyMd5: string | undefined): { ssec?: { algorithm: string; keyMd5: string } } {
  return keyMd5 === undefined ? {} : { ssec: { algorithm: "aes256", keyMd5 } };
}

export interface EncodeOptions {
  range?: { offset: number; length: number };
  /** Leaves out what a list's `include` did not ask for. */
  include?: { http: boolean; custom: boolean };
}

/** An object as workerd's binding reads it (`R2HeadResponse`). */
export function encodeObject(object: R2ObjectInfo, options: EncodeOptions = {}): Record<string, unknown> {
  const { cacheExpiry, ...http } = object.httpMetadata;
  const include = options.include ?? { http: true, custom: true };
  return {
    name: object.key,
    version: object.version,
    size: object.size,
    etag: object.etag,
    uploaded: object.uploaded.getTime(),
    ...(include.http && { httpFields: cacheExpiry === undefined ? http : { ...http, cacheExpiry: cacheExpiry.getTime() } }),
    ...(include.custom && { customFields: Object.entries(object.customMetadata).map(([k, v]) => ({ k, v })) }),
    ...(options.range && { range: options.range }),
    checksums: Object.fromEntries(CHECKSUM_FIELDS.flatMap((field, index) => (object.checksums[field] === undefined ? [] : [[String(index), object.checksums[field]]]))),
    storageClass: object.storageClass,
    ...encodeSsec(object.ssecKeyMd5),
  };
}
