import { conditionsHold, type R2Conditions } from "../conditions.js";
import type { R2ObjectInfo } from "../object-info.js";
import { header, type S3Request } from "./s3-request.js";

/**
 * The preconditions of `If-Match`, `If-None-Match`, `If-Modified-Since` and `If-Unmodified-Since`
 * (or their `x-amz-copy-source-` forms with `prefix`), in R2's object form: etags unquoted, dates
 * in whole seconds. An unparsable date is ignored, as S3 ignores it.
 */
export function conditionsFromHeaders(request: S3Request, prefix = ""): R2Conditions | undefined {
  const conditions: R2Conditions = { secondsGranularity: true };
  const ifMatch = header(request, `${prefix}if-match`);
  const ifNoneMatch = header(request, `${prefix}if-none-match`);
  const ifModifiedSince = parseDate(header(request, `${prefix}if-modified-since`));
  const ifUnmodifiedSince = parseDate(header(request, `${prefix}if-unmodified-since`));
  if (ifMatch !== undefined) conditions.etagMatches = parseEtags(ifMatch);
  if (ifNoneMatch !== undefined) conditions.etagDoesNotMatch = parseEtags(ifNoneMatch);
  if (ifModifiedSince !== undefined) conditions.uploadedAfter = ifModifiedSince;
  if (ifUnmodifiedSince !== undefined) conditions.uploadedBefore = ifUnmodifiedSince;
  return Object.keys(conditions).length > 1 ? conditions : undefined;
}

/**
 * The status a read whose preconditions failed answers with: 412 when If-Match or
 * If-Unmodified-Since failed, 304 Not Modified when only If-None-Match or If-Modified-Since did.
 */
export function failedReadStatus(conditions: R2Conditions, object: R2ObjectInfo): 304 | 412 {
  const { etagMatches, uploadedBefore, secondsGranularity } = conditions;
  return conditionsHold({ etagMatches, uploadedBefore, secondsGranularity }, object) ? 304 : 412;
}

function parseEtags(list: string): string[] {
  return list
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "")
    .map((item) => item.replace(/^(W\/)?"(.*)"$/, "$1$2"));
}

function parseDate(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time);
}
