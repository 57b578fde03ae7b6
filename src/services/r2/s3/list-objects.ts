import type { R2ListResult, R2ObjectInfo } from "../object-info.js";
import { requireBucket } from "./bucket-operations.js";
import { quotedEtag, s3StorageClass } from "./object-headers.js";
import { bucketOf, integerParam, type S3Context, type S3Request } from "./s3-request.js";
import { S3Error } from "./s3-error.js";
import { sendXml } from "./s3-response.js";
import type { XmlFields } from "./xml-writer.js";

/** Keys one page returns at most; a larger max-keys is lowered to it, as S3 does. */
const MAX_KEYS = 1000;
const MAX_KEYS_PARAM = 2 ** 31 - 1;

interface ListParams {
  prefix: string;
  delimiter?: string;
  maxKeys: number;
  /** Encode keys and prefixes in the answer (`encoding-type=url`). */
  encode: (text: string) => string;
  encodingType?: string;
}

/** ListObjectsV2: `GET /<bucket>?list-type=2`. */
export async function listObjectsV2({ request, response, store }: S3Context): Promise<void> {
  const params = listParams(request);
  const token = request.query.get("continuation-token") ?? undefined;
  const startAfter = request.query.get("start-after") ?? undefined;
  const page = await listPage({ request, store }, params, token === undefined ? { startAfter } : { cursor: token });
  const { encode } = params;
  sendXml(response, 200, "ListBucketResult", {
    Name: bucketOf(request),
    Prefix: encode(params.prefix),
    Delimiter: params.delimiter === undefined ? undefined : encode(params.delimiter),
    MaxKeys: params.maxKeys,
    EncodingType: params.encodingType,
    KeyCount: page.objects.length + page.delimitedPrefixes.length,
    IsTruncated: page.truncated,
    ContinuationToken: token,
    NextContinuationToken: page.cursor,
    StartAfter: startAfter === undefined ? undefined : encode(startAfter),
    ...entries(page, params),
  });
}

/** ListObjects (V1): `GET /<bucket>`, paged by `marker`. */
export async function listObjectsV1({ request, response, store }: S3Context): Promise<void> {
  const params = listParams(request);
  const marker = request.query.get("marker") ?? "";
  const page = await listPage({ request, store }, params, { startAfter: marker === "" ? undefined : marker });
  const last = [...page.objects.map((object) => object.key), ...page.delimitedPrefixes].sort().at(-1);
  const { encode } = params;
  sendXml(response, 200, "ListBucketResult", {
    Name: bucketOf(request),
    Prefix: encode(params.prefix),
    Marker: encode(marker),
    NextMarker: page.truncated && last !== undefined ? encode(last) : undefined,
    MaxKeys: params.maxKeys,
    Delimiter: params.delimiter === undefined ? undefined : encode(params.delimiter),
    EncodingType: params.encodingType,
    IsTruncated: page.truncated,
    ...entries(page, params),
  });
}

function listParams(request: S3Request): ListParams {
  const encodingType = request.query.get("encoding-type") ?? undefined;
  if (encodingType !== undefined && encodingType !== "url") {
    throw new S3Error("InvalidArgument", 400, `Invalid Encoding Method specified in Request: encoding-type must be "url" (got "${encodingType}").`);
  }
  const delimiter = request.query.get("delimiter") || undefined;
  return {
    prefix: request.query.get("prefix") ?? "",
    delimiter,
    maxKeys: Math.min(integerParam(request, "max-keys", 0, MAX_KEYS_PARAM) ?? MAX_KEYS, MAX_KEYS),
    encodingType,
    encode: encodingType === "url" ? (text) => encodeURIComponent(text).replace(/%2F/g, "/") : (text) => text,
  };
}

async function listPage(
  { request, store }: Pick<S3Context, "request" | "store">,
  params: ListParams,
  from: { cursor?: string; startAfter?: string },
): Promise<R2ListResult> {
  const bucket = bucketOf(request);
  if (params.maxKeys === 0) {
    requireBucket({ request, store });
    return { objects: [], truncated: false, delimitedPrefixes: [] };
  }
  return store.list(bucket, {
    prefix: params.prefix,
    delimiter: params.delimiter,
    cursor: from.cursor,
    startAfter: skipFoldedPrefix(from.startAfter, params),
    limit: params.maxKeys,
    include: [],
  });
}

/**
 * A marker that is a folded prefix (`photos/` with delimiter `/`) means "after every key under
 * it", not "after that exact string", or the next page would fold the same prefix again.
 */
function skipFoldedPrefix(startAfter: string | undefined, params: ListParams): string | undefined {
  const { delimiter, prefix } = params;
  if (startAfter === undefined || delimiter === undefined || !startAfter.startsWith(prefix) || !startAfter.endsWith(delimiter)) return startAfter;
  return startAfter.slice(prefix.length).indexOf(delimiter) === startAfter.length - prefix.length - delimiter.length ? `${startAfter}\u{10ffff}` : startAfter;
}

function entries(page: R2ListResult, params: ListParams): XmlFields {
  return {
    Contents: page.objects.map((object) => contentEntry(object, params.encode)),
    CommonPrefixes: page.delimitedPrefixes.map((prefix) => ({ Prefix: params.encode(prefix) })),
  };
}

function contentEntry(object: R2ObjectInfo, encode: (text: string) => string): XmlFields {
  return {
    Key: encode(object.key),
    LastModified: object.uploaded,
    ETag: quotedEtag(object.etag),
    Size: object.size,
    StorageClass: s3StorageClass(object.storageClass),
  };
}
