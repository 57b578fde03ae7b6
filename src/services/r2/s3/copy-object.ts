import { conditionsFromHeaders } from "./conditional-headers.js";
import { copySourceOf } from "./copy-source.js";
import { metadataFromHeaders, quotedEtag } from "./object-headers.js";
import { bucketOf, header, keyOf, type S3Context } from "./s3-request.js";
import { preconditionFailed, S3Error } from "./s3-error.js";
import { sendXml } from "./s3-response.js";
import { COPY_SOURCE_SSEC_HEADERS, ssecKeyFromHeaders, ssecResponseHeaders } from "./sse-customer-headers.js";

/**
 * CopyObject: `PUT` with `x-amz-copy-source`. The metadata is the source's (`COPY`, the default)
 * or the request's (`REPLACE`); `x-amz-copy-source-if-*` are preconditions on the source. An SSE-C
 * source needs its key in `x-amz-copy-source-server-side-encryption-customer-*`; the copy is
 * encrypted only under a key given in `x-amz-server-side-encryption-customer-*`.
 */
export async function copyObject({ request, response, store }: S3Context): Promise<void> {
  const source = copySourceOf(request);
  const bucket = bucketOf(request);
  const key = keyOf(request);
  const directive = header(request, "x-amz-metadata-directive") ?? "COPY";
  if (directive !== "COPY" && directive !== "REPLACE") {
    throw new S3Error("InvalidArgument", 400, `x-amz-metadata-directive must be COPY or REPLACE (got "${directive}").`);
  }
  const sourceSsecKey = ssecKeyFromHeaders(request, COPY_SOURCE_SSEC_HEADERS);
  const ssecKey = ssecKeyFromHeaders(request);
  if (directive === "COPY" && source.bucket === bucket && source.key === key && sourceSsecKey?.md5 === ssecKey?.md5) {
    throw new S3Error(
      "InvalidRequest",
      400,
      "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata or encryption attributes. Send x-amz-metadata-directive: REPLACE.",
    );
  }
  const replaced = directive === "REPLACE" ? metadataFromHeaders(request) : undefined;
  const object = await store.copy(source.bucket, source.key, bucket, key, {
    onlyIf: conditionsFromHeaders(request, "x-amz-copy-source-"),
    httpMetadata: replaced?.httpMetadata,
    customMetadata: replaced?.customMetadata,
    sourceSsecKey,
    ssecKey,
  });
  if (object === null) throw preconditionFailed();
  sendXml(response, 200, "CopyObjectResult", { LastModified: object.uploaded, ETag: quotedEtag(object.etag) }, ssecResponseHeaders(object.ssecKeyMd5));
}
