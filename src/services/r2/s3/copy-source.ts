import { parseRangeHeader, type R2RangeRequest } from "../range.js";
import { header, type S3Request } from "./s3-request.js";
import { S3Error } from "./s3-error.js";

export interface CopySource {
  bucket: string;
  key: string;
}

/** `x-amz-copy-source`: `[/]<bucket>/<key>`, URL-encoded, with an optional `?versionId=`. */
export function copySourceOf(request: S3Request): CopySource {
  const value = header(request, "x-amz-copy-source")!;
  const path = value.replace(/^\//, "").replace(/\?versionId=.*$/, "");
  const slash = path.indexOf("/");
  let decoded: [string, string];
  try {
    decoded = [decodeURIComponent(path.slice(0, slash)), decodeURIComponent(path.slice(slash + 1))];
  } catch {
    decoded = ["", ""];
  }
  if (slash <= 0 || decoded[1] === "") {
    throw new S3Error("InvalidArgument", 400, `x-amz-copy-source must be <bucket>/<key>, URL-encoded (got "${value}").`);
  }
  return { bucket: decoded[0], key: decoded[1] };
}

/** `x-amz-copy-source-range: bytes=<first>-<last>`, both required, as UploadPartCopy takes it. */
export function copySourceRange(request: S3Request): R2RangeRequest | undefined {
  const value = header(request, "x-amz-copy-source-range");
  if (value === undefined) return undefined;
  const range = /^bytes=\d+-\d+$/.test(value.trim()) ? parseRangeHeader(value) : undefined;
  if (range === undefined) {
    throw new S3Error("InvalidArgument", 400, `x-amz-copy-source-range must be bytes=<first>-<last> with first <= last (got "${value}").`);
  }
  return range;
}
