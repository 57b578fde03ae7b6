import { R2Error } from "../errors.js";
import { checkKey, MAX_DELETE_KEYS } from "../limits.js";
import type { R2Checksums } from "../object-info.js";
import { CHECKSUM_HEADERS } from "./body-digests.js";
import { conditionsFromHeaders } from "./conditional-headers.js";
import { metadataFromHeaders, quotedEtag } from "./object-headers.js";
import { openPayload, readSmallPayload } from "./request-payload.js";
import { bucketOf, header, keyOf, type S3Context, type S3Request } from "./s3-request.js";
import { asS3Error, preconditionFailed } from "./s3-error.js";
import { sendEmpty, sendXml } from "./s3-response.js";
import { ssecKeyFromHeaders, ssecResponseHeaders } from "./sse-customer-headers.js";
import { malformed, parseXmlBody, textOf } from "./xml-reader.js";

/** Bytes of XML a DeleteObjects body may hold: 1000 keys of 1024 bytes, escaped, and framing. */
const MAX_DELETE_BODY_BYTES = 8 * 1024 * 1024;

/** PutObject: streams the body into the store; If-Match / If-None-Match make it conditional; SSE-C headers encrypt it. */
export async function putObject({ request, response, store }: S3Context): Promise<void> {
  const metadata = metadataFromHeaders(request);
  const ssecKey = ssecKeyFromHeaders(request);
  const payload = openPayload(request);
  const object = await store.put(bucketOf(request), keyOf(request), payload.body, {
    ...metadata,
    size: payload.size,
    checksums: recordedChecksums(request),
    onlyIf: conditionsFromHeaders(request),
    ssecKey,
  });
  if (object === null) throw preconditionFailed();
  sendEmpty(response, 200, { ETag: quotedEtag(object.etag), ...ssecResponseHeaders(object.ssecKeyMd5) });
}

/** SHA-1 and SHA-256 checksums sent as headers, which R2 keeps with the object (hex). */
function recordedChecksums(request: S3Request): R2Checksums | undefined {
  const checksums: R2Checksums = {};
  for (const [name, algorithm] of Object.entries(CHECKSUM_HEADERS)) {
    const value = header(request, name);
    if (value !== undefined && (algorithm === "sha1" || algorithm === "sha256")) checksums[algorithm] = Buffer.from(value, "base64").toString("hex");
  }
  return Object.keys(checksums).length > 0 ? checksums : undefined;
}

/** DeleteObject: 204 whether or not the key existed. */
export async function deleteObject({ request, response, store }: S3Context): Promise<void> {
  await store.delete(bucketOf(request), [keyOf(request)]);
  sendEmpty(response, 204);
}

/** DeleteObjects: `POST /<bucket>?delete` with up to 1000 keys; a bad key fails alone. */
export async function deleteObjects({ request, response, store }: S3Context): Promise<void> {
  const body = parseXmlBody(await readSmallPayload(request, MAX_DELETE_BODY_BYTES), "Delete", ["Object"]);
  const entries = (body.Object ?? []) as Record<string, unknown>[];
  if (entries.length === 0) throw malformed("<Delete> must hold at least one <Object>");
  if (entries.length > MAX_DELETE_KEYS) throw malformed(`<Delete> may hold at most ${MAX_DELETE_KEYS} <Object>s (got ${entries.length})`);
  const keys = entries.map((entry, index) => {
    const key = textOf(entry.Key);
    if (key === undefined) throw malformed(`<Object> number ${index + 1} has no <Key>`);
    return key;
  });
  const quiet = textOf(body.Quiet)?.toLowerCase() === "true";
  const valid: string[] = [];
  const errors: { Key: string; Code: string; Message: string }[] = [];
  for (const key of keys) {
    try {
      checkKey(key);
      valid.push(key);
    } catch (error) {
      if (!(error instanceof R2Error)) throw error;
      const refusal = asS3Error(error)!;
      errors.push({ Key: key, Code: refusal.code, Message: refusal.message });
    }
  }
  await store.delete(bucketOf(request), valid);
  sendXml(response, 200, "DeleteResult", { Deleted: quiet ? [] : valid.map((key) => ({ Key: key })), Error: errors });
}
