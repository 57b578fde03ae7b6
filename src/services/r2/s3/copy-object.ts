import { conditionsFromHeaders } from "./conditional-headers.js";
import { copySourceOf } from "./copy-source.js";
import { metadataFromHeaders, quotedEtag } from "./object-headers.js";
import { bucketOf, header, keyOf, type S3Context } from "./s3-request.js";
import { preconditionFailed, S3Error } from "./s3-error.js";
import { sendXml } from "./s3-response.js";

/**
 * CopyObject: `PUT` with `x-amz-copy-source`. The metadata is the source's (`COPY`, the default)
 * or the request's (`REPLACE`); `x-amz-copy-source-if-*` are preconditions on the source.
 */
export async function copyObject({ request, response, store }: S3Context): Promise<void> {
  const source = copySourceOf(request);
  const bucket = bucketOf(request);
  const key = keyOf(request);
  const directive = header(request, "x-amz-metadata-directive") ?? "COPY";
  if (directive !== "COPY" && directive !== "REPLACE") {
    throw new S3Error("InvalidArgument", 400, `x-amz-metadata-directive must be COPY or REPLACE (got "${directive}").`);
  }
  if (directive === "COPY" && source.bucket === bucket && source.key === key) {
    throw new S3Error(
      "InvalidRequest",
      400,
      "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata. Send x-amz-metadata-directive: REPLACE.",
    );
  }
  const replaced = directive === "REPLACE" ? metadataFromHeaders(request) : undefined;
  const object = await store.copy(source.bucket, source.key, bucket, key, {
    onlyIf: conditionsFromHeaders(request, "x-amz-copy-source-"),
    httpMetadata: replaced?.httpMetadata,
    customMetadata: replaced?.customMetadata,
  });
  if (object === null) throw preconditionFailed();
  sendXml(response, 200, "CopyObjectResult", { LastModified: object.uploaded, ETag: quotedEtag(object.etag) });
}
