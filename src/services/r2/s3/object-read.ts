import type { Readable } from "node:stream";
import { pipeRecycling } from "../../../storage/pipe-recycling.js";
import { conditionsHold } from "../conditions.js";
import type { R2ObjectInfo } from "../object-info.js";
import { parseRangeHeader, resolveRange, type ResolvedRange } from "../range.js";
import { checkSsecRead } from "../ssec.js";
import { conditionsFromHeaders, failedReadStatus } from "./conditional-headers.js";
import { objectHeaders, quotedEtag } from "./object-headers.js";
import { bucketOf, header, keyOf, type S3Context } from "./s3-request.js";
import { preconditionFailed, S3Error } from "./s3-error.js";
import { sendEmpty } from "./s3-response.js";
import { ssecKeyFromHeaders } from "./sse-customer-headers.js";

/** What a read found: the object, whether its preconditions held, and the bytes to send. */
interface ObjectRead {
  object: R2ObjectInfo;
  passed: boolean;
  range?: ResolvedRange;
  body?: Readable;
}

/** GetObject: the object's bytes, streamed, or a Range of them (206). */
export async function getObject(context: S3Context): Promise<void> {
  const { request, store } = context;
  const onlyIf = conditionsFromHeaders(request);
  const range = requestedRange(context);
  const result = await store.get(bucketOf(request), keyOf(request), { onlyIf, range, ssecKey: ssecKeyFromHeaders(request) });
  if (result === null) throw noSuchKey();
  const read: ObjectRead = { object: result.object, passed: result.body !== null, range: result.range, body: result.body ?? undefined };
  respond(context, read);
}

/** HeadObject: GetObject's headers without the body; an SSE-C object needs its key, as for GetObject. */
export async function headObject(context: S3Context): Promise<void> {
  const { request, store } = context;
  const object = await store.head(bucketOf(request), keyOf(request));
  if (object === null) throw noSuchKey();
  checkSsecRead(object.ssecKeyMd5, ssecKeyFromHeaders(request));
  const onlyIf = conditionsFromHeaders(request);
  const passed = conditionsHold(onlyIf, object);
  const range = requestedRange(context);
  respond(context, { object, passed, range: passed && range !== undefined ? resolveRange(range, object.size) : undefined });
}

function requestedRange({ request }: S3Context) {
  const value = header(request, "range");
  return value === undefined ? undefined : parseRangeHeader(value);
}

function respond({ request, response }: S3Context, { object, passed, range, body }: ObjectRead): void {
  if (!passed) {
    body?.destroy();
    if (failedReadStatus(conditionsFromHeaders(request)!, object) === 412) {
      throw preconditionFailed();
    }
    return sendEmpty(response, 304, { ETag: quotedEtag(object.etag), "Last-Modified": object.uploaded.toUTCString() });
  }
  const headers = objectHeaders(object, request.query);
  if (range !== undefined && range.length > 0) {
    headers["Content-Range"] = `bytes ${range.offset}-${range.offset + range.length - 1}/${object.size}`;
    headers["Content-Length"] = range.length;
  } else {
    headers["Content-Length"] = object.size;
  }
  response.writeHead(range !== undefined && range.length > 0 ? 206 : 200, headers);
  if (body === undefined) {
    response.end();
    return;
  }
  pipeRecycling(body, response).catch(() => undefined);
}

function noSuchKey(): S3Error {
  return new S3Error("NoSuchKey", 404, "The specified key does not exist.");
}
