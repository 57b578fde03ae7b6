import { MAX_PART_NUMBER } from "../limits.js";
import { conditionsFromHeaders } from "./conditional-headers.js";
import { copySourceOf, copySourceRange } from "./copy-source.js";
import { metadataFromHeaders, quotedEtag } from "./object-headers.js";
import { openPayload, readSmallPayload } from "./request-payload.js";
import { bucketOf, integerParam, keyOf, type S3Context, type S3Request } from "./s3-request.js";
import { preconditionFailed, S3Error } from "./s3-error.js";
import { sendEmpty, sendXml } from "./s3-response.js";
import { COPY_SOURCE_SSEC_HEADERS, ssecKeyFromHeaders, ssecResponseHeaders } from "./sse-customer-headers.js";
import { malformed, parseXmlBody, textOf } from "./xml-reader.js";

/** Bytes of XML a CompleteMultipartUpload body may hold: 10,000 parts and framing. */
const MAX_COMPLETE_BODY_BYTES = 4 * 1024 * 1024;
/** Parts or uploads a listing page returns at most. */
const MAX_LISTED = 1000;

/** CreateMultipartUpload: `POST /<bucket>/<key>?uploads`; SSE-C headers make every part need the same key. */
export async function createMultipartUpload({ request, response, store }: S3Context): Promise<void> {
  const ssecKey = ssecKeyFromHeaders(request);
  const { uploadId } = await store.createMultipartUpload(bucketOf(request), keyOf(request), { ...metadataFromHeaders(request), ssecKey });
  const result = { Bucket: bucketOf(request), Key: keyOf(request), UploadId: uploadId };
  sendXml(response, 200, "InitiateMultipartUploadResult", result, ssecResponseHeaders(ssecKey?.md5));
}

/** UploadPart: `PUT /<bucket>/<key>?partNumber=N&uploadId=…`, streamed. */
export async function uploadPart({ request, response, store }: S3Context): Promise<void> {
  const ssecKey = ssecKeyFromHeaders(request);
  const payload = openPayload(request);
  const part = await store.uploadPart(bucketOf(request), keyOf(request), uploadIdOf(request), partNumberOf(request), payload.body, { size: payload.size, ssecKey });
  sendEmpty(response, 200, { ETag: quotedEtag(part.etag), ...ssecResponseHeaders(ssecKey?.md5) });
}

/** UploadPartCopy: UploadPart whose bytes come from `x-amz-copy-source` (a `x-amz-copy-source-range` of it). */
export async function uploadPartCopy({ request, response, store }: S3Context): Promise<void> {
  const source = copySourceOf(request);
  const uploadId = uploadIdOf(request);
  const partNumber = partNumberOf(request);
  const ssecKey = ssecKeyFromHeaders(request);
  const read = await store.get(source.bucket, source.key, {
    onlyIf: conditionsFromHeaders(request, "x-amz-copy-source-"),
    range: copySourceRange(request),
    ssecKey: ssecKeyFromHeaders(request, COPY_SOURCE_SSEC_HEADERS),
  });
  if (read === null) throw new S3Error("NoSuchKey", 404, `The copy source ${source.bucket}/${source.key} does not exist.`);
  if (read.body === null) throw preconditionFailed();
  const body = read.body;
  // A part refused before its bytes are read (no such upload, the wrong key) must still let go of the source.
  const part = await store.uploadPart(bucketOf(request), keyOf(request), uploadId, partNumber, body, { size: read.range?.length ?? read.object.size, ssecKey }).catch((error: unknown) => {
    body.destroy();
    throw error;
  });
  sendXml(response, 200, "CopyPartResult", { LastModified: new Date(), ETag: quotedEtag(part.etag) }, ssecResponseHeaders(ssecKey?.md5));
}

/** CompleteMultipartUpload: `POST /<bucket>/<key>?uploadId=…` with the parts, in order, as XML. */
export async function completeMultipartUpload({ request, response, store }: S3Context): Promise<void> {
  const body = parseXmlBody(await readSmallPayload(request, MAX_COMPLETE_BODY_BYTES), "CompleteMultipartUpload", ["Part"]);
  const entries = (body.Part ?? []) as Record<string, unknown>[];
  if (entries.length === 0) throw malformed("<CompleteMultipartUpload> must list at least one <Part>");
  const parts = entries.map((entry, index) => {
    const partNumber = textOf(entry.PartNumber);
    const etag = textOf(entry.ETag);
    if (partNumber === undefined || !/^\d+$/.test(partNumber) || etag === undefined) {
      throw malformed(`<Part> number ${index + 1} needs a numeric <PartNumber> and an <ETag>`);
    }
    return { partNumber: Number(partNumber), etag: etag.replace(/^"(.*)"$/, "$1") };
  });
  const bucket = bucketOf(request);
  const key = keyOf(request);
  const object = await store.completeMultipartUpload(bucket, key, uploadIdOf(request), parts);
  sendXml(response, 200, "CompleteMultipartUploadResult", { Location: `/${bucket}/${key}`, Bucket: bucket, Key: key, ETag: quotedEtag(object.etag) });
}

/** AbortMultipartUpload: `DELETE /<bucket>/<key>?uploadId=…`. */
export async function abortMultipartUpload({ request, response, store }: S3Context): Promise<void> {
  await store.abortMultipartUpload(bucketOf(request), keyOf(request), uploadIdOf(request));
  sendEmpty(response, 204);
}

/** ListParts: `GET /<bucket>/<key>?uploadId=…`. */
export async function listParts({ request, response, store }: S3Context): Promise<void> {
  const maxParts = Math.min(integerParam(request, "max-parts", 0, 2 ** 31 - 1) ?? MAX_LISTED, MAX_LISTED);
  const marker = integerParam(request, "part-number-marker", 0, MAX_PART_NUMBER);
  const uploadId = uploadIdOf(request);
  const page = await store.listParts(bucketOf(request), keyOf(request), uploadId, { maxParts, partNumberMarker: marker });
  sendXml(response, 200, "ListPartsResult", {
    Bucket: bucketOf(request),
    Key: keyOf(request),
    UploadId: uploadId,
    PartNumberMarker: marker ?? 0,
    NextPartNumberMarker: page.nextPartNumberMarker,
    MaxParts: maxParts,
    IsTruncated: page.truncated,
    Part: page.parts.map((part) => ({ PartNumber: part.partNumber, LastModified: part.uploaded, ETag: quotedEtag(part.etag), Size: part.size })),
  });
}

/** ListMultipartUploads: `GET /<bucket>?uploads`, the bucket's open uploads. */
export async function listMultipartUploads({ request, response, store }: S3Context): Promise<void> {
  const { query } = request;
  const prefix = query.get("prefix") ?? "";
  const delimiter = query.get("delimiter") || undefined;
  const keyMarker = query.get("key-marker") || undefined;
  const uploadIdMarker = query.get("upload-id-marker") || undefined;
  const maxUploads = Math.min(integerParam(request, "max-uploads", 1, 2 ** 31 - 1) ?? MAX_LISTED, MAX_LISTED);
  const page = await store.listMultipartUploads(bucketOf(request), { prefix, delimiter, keyMarker, uploadIdMarker, maxUploads });
  sendXml(response, 200, "ListMultipartUploadsResult", {
    Bucket: bucketOf(request),
    KeyMarker: keyMarker ?? "",
    UploadIdMarker: uploadIdMarker ?? "",
    NextKeyMarker: page.nextKeyMarker,
    NextUploadIdMarker: page.nextUploadIdMarker,
    Prefix: prefix,
    Delimiter: delimiter,
    MaxUploads: maxUploads,
    IsTruncated: page.truncated,
    Upload: page.uploads.map((upload) => ({ Key: upload.key, UploadId: upload.uploadId, Initiated: upload.initiated, StorageClass: "STANDARD" })),
    CommonPrefixes: page.commonPrefixes.map((common) => ({ Prefix: common })),
  });
}

function uploadIdOf(request: S3Request): string {
  return request.query.get("uploadId")!;
}

function partNumberOf(request: S3Request): number {
  const partNumber = integerParam(request, "partNumber", 1, MAX_PART_NUMBER);
  if (partNumber === undefined) throw new S3Error("InvalidArgument", 400, `partNumber must be a whole number from 1 to ${MAX_PART_NUMBER}.`);
  return partNumber;
}
