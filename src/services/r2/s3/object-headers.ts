import type { OutgoingHttpHeaders } from "node:http";
import type { R2HttpMetadata, R2ObjectInfo, R2StorageClass } from "../object-info.js";
import { header, type S3Request } from "./s3-request.js";
import { S3Error } from "./s3-error.js";
import { ssecResponseHeaders } from "./sse-customer-headers.js";

const META_PREFIX = "x-amz-meta-";

/** S3's storage class names for R2's. */
const S3_STORAGE_CLASSES: Readonly<Record<R2StorageClass, string>> = { Standard: "STANDARD", InfrequentAccess: "STANDARD_IA" };

/** The metadata a write's headers give an object. */
export interface HeaderMetadata {
  httpMetadata: R2HttpMetadata;
  customMetadata: Record<string, string>;
  storageClass?: R2StorageClass;
}

/** Reads Content-Type and the other stored HTTP headers, `x-amz-meta-*` and x-amz-storage-class. */
export function metadataFromHeaders(request: S3Request): HeaderMetadata {
  const httpMetadata: R2HttpMetadata = {};
  const set = (field: keyof Omit<R2HttpMetadata, "cacheExpiry">, name: string) => {
    const value = header(request, name);
    if (value !== undefined) httpMetadata[field] = value;
  };
  set("contentType", "content-type");
  set("contentLanguage", "content-language");
  set("contentDisposition", "content-disposition");
  set("cacheControl", "cache-control");
  // aws-chunked describes the upload's framing, not the object's encoding.
  const encoding = header(request, "content-encoding")?.split(",").map((item) => item.trim()).filter((item) => item !== "" && item !== "aws-chunked");
  if (encoding !== undefined && encoding.length > 0) httpMetadata.contentEncoding = encoding.join(", ");
  const expires = header(request, "expires");
  if (expires !== undefined && !Number.isNaN(Date.parse(expires))) httpMetadata.cacheExpiry = new Date(expires);

  const customMetadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (name.startsWith(META_PREFIX) && value !== undefined) customMetadata[name.slice(META_PREFIX.length)] = decodeWord(String(value));
  }
  return { httpMetadata, customMetadata, storageClass: storageClassOf(header(request, "x-amz-storage-class")) };
}

function storageClassOf(name: string | undefined): R2StorageClass | undefined {
  if (name === undefined) return undefined;
  const match = (Object.keys(S3_STORAGE_CLASSES) as R2StorageClass[]).find((storageClass) => S3_STORAGE_CLASSES[storageClass] === name);
  if (match === undefined) throw new S3Error("InvalidStorageClass", 400, `The storage class "${name}" is not valid: R2 has STANDARD and STANDARD_IA.`);
  return match;
}

export function s3StorageClass(storageClass: R2StorageClass): string {
  return S3_STORAGE_CLASSES[storageClass];
}

export function quotedEtag(etag: string): string {
  return `"${etag}"`;
}

/** The headers a GET or HEAD answers with, `response-*` query overrides applied. */
export function objectHeaders(object: R2ObjectInfo, query: URLSearchParams): OutgoingHttpHeaders {
  const { httpMetadata } = object;
  const headers: OutgoingHttpHeaders = {
    "Content-Type": httpMetadata.contentType ?? "application/octet-stream",
    ETag: quotedEtag(object.etag),
    "Last-Modified": object.uploaded.toUTCString(),
    "Accept-Ranges": "bytes",
  };
  if (httpMetadata.contentLanguage !== undefined) headers["Content-Language"] = httpMetadata.contentLanguage;
  if (httpMetadata.contentDisposition !== undefined) headers["Content-Disposition"] = httpMetadata.contentDisposition;
  if (httpMetadata.contentEncoding !== undefined) headers["Content-Encoding"] = httpMetadata.contentEncoding;
  if (httpMetadata.cacheControl !== undefined) headers["Cache-Control"] = httpMetadata.cacheControl;
  if (httpMetadata.cacheExpiry !== undefined) headers.Expires = httpMetadata.cacheExpiry.toUTCString();
  if (object.storageClass !== "Standard") headers["x-amz-storage-class"] = s3StorageClass(object.storageClass);
  for (const [name, value] of Object.entries(object.customMetadata)) headers[`${META_PREFIX}${name}`] = encodeWord(value);
  Object.assign(headers, ssecResponseHeaders(object.ssecKeyMd5));
  for (const [param, name] of RESPONSE_OVERRIDES) {
    const value = query.get(param);
    if (value !== null) headers[name] = value;
  }
  return headers;
}

/** Query parameters that override a GET's response headers (presigned download links use them). */
const RESPONSE_OVERRIDES: readonly [string, string][] = [
  ["response-content-type", "Content-Type"],
  ["response-content-language", "Content-Language"],
  ["response-content-disposition", "Content-Disposition"],
  ["response-content-encoding", "Content-Encoding"],
  ["response-cache-control", "Cache-Control"],
  ["response-expires", "Expires"],
];

/** A header value that is not plain ASCII, as an RFC 2047 encoded word (what S3 sends). */
function encodeWord(value: string): string {
  return /^[\x20-\x7e\t]*$/.test(value) ? value : `=?UTF-8?B?${Buffer.from(value).toString("base64")}?=`;
}

/** A metadata value as sent: an RFC 2047 encoded word, or UTF-8 bytes (which Node reads as latin1). */
function decodeWord(value: string): string {
  const match = /^=\?UTF-8\?B\?([A-Za-z0-9+/=]*)\?=$/i.exec(value);
  if (match !== null) return Buffer.from(match[1]!, "base64").toString("utf8");
  const utf8 = Buffer.from(value, "latin1").toString("utf8");
  return utf8.includes("\uFFFD") ? value : utf8;
}
