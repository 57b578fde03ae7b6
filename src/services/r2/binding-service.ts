import type { IncomingMessage, ServerResponse } from "node:http";
import type { Readable } from "node:stream";
import { pipeRecycling } from "../../storage/pipe-recycling.js";
import { R2Error } from "./errors.js";
import { discardBody, readPrefix } from "./http-body.js";
import { checkDeleteKeyCount } from "./limits.js";
import { R2_BUCKET_HEADER } from "./plugin.js";
import { parseRangeHeader } from "./range.js";
import type { R2Store } from "./store.js";
import {
  decodeChecksums,
  decodeConditions,
  decodeCustomFields,
  decodeHttpFields,
  decodeRange,
  decodeSsecKey,
  decodeStorageClass,
  encodeObject,
  encodeSsec,
  type WireRequest,
} from "./wire-format.js";

const REQUEST_HEADER = "cf-r2-request";
const METADATA_SIZE_HEADER = "cf-r2-metadata-size";
const ERROR_HEADER = "cf-r2-error";

/** What one binding call answers: JSON, optionally followed by a body stream. */
interface Answer {
  json: unknown;
  body?: { stream: Readable; length: number };
  /** A failed-precondition get: the object goes back with the error. */
  error?: R2Error;
}

type Handler = (store: R2Store, bucket: string, request: WireRequest, value: Readable, valueSize: number | undefined) => Promise<Answer>;

const include = (request: WireRequest) =>
  request.include === undefined ? undefined : { http: request.include.includes(0), custom: request.include.includes(1) };

const HANDLERS: Record<string, Handler> = {
  async head(store, bucket, request) {
    const object = await store.head(bucket, request.object ?? "");
    if (object === null) throw new R2Error("NoSuchKey");
    return { json: encodeObject(object) };
  },
  async get(store, bucket, request) {
    const headerRange = request.rangeHeader === undefined ? undefined : parseRangeHeader(request.rangeHeader);
    const range = decodeRange(request.range) ?? headerRange;
    const result = await store.get(bucket, request.object ?? "", { range, onlyIf: decodeConditions(request.onlyIf), ssecKey: decodeSsecKey(request.ssec) });
    if (result === null) throw new R2Error("NoSuchKey");
    const { object, body } = result;
    const objectRange = result.range ?? { offset: 0, length: object.size };
    if (body === null) return { json: encodeObject(object, { range: objectRange }), error: new R2Error("PreconditionFailed") };
    return { json: encodeObject(object, { range: objectRange }), body: { stream: body, length: objectRange.length } };
  },
  async list(store, bucket, request) {
    const fields = include(request);
    const page = await store.list(bucket, {
      prefix: request.prefix,
      delimiter: request.delimiter,
      cursor: request.cursor,
      startAfter: request.startAfter,
      limit: request.limit,
    });
    return { json: { ...page, objects: page.objects.map((object) => encodeObject(object, { include: fields })) } };
  },
  async delete(store, bucket, request) {
    if (request.objects !== undefined) checkDeleteKeyCount(request.objects.length);
    await store.delete(bucket, request.objects ?? [request.object ?? ""]);
    return { json: {} };
  },
  async put(store, bucket, request, value, valueSize) {
    const object = await store.put(bucket, request.object ?? "", value, {
      size: valueSize,
      httpMetadata: decodeHttpFields(request.httpFields),
      customMetadata: decodeCustomFields(request.customFields),
      storageClass: decodeStorageClass(request.storageClass),
      checksums: decodeChecksums(request),
      onlyIf: decodeConditions(request.onlyIf),
      ssecKey: decodeSsecKey(request.ssec),
    });
    if (object === null) throw new R2Error("PreconditionFailed");
    return { json: encodeObject(object) };
  },
  async createMultipartUpload(store, bucket, request) {
    const ssecKey = decodeSsecKey(request.ssec);
    const { uploadId } = await store.createMultipartUpload(bucket, request.object ?? "", {
      httpMetadata: decodeHttpFields(request.httpFields),
      customMetadata: decodeCustomFields(request.customFields),
      storageClass: decodeStorageClass(request.storageClass),
      ssecKey,
    });
    return { json: { uploadId, ...encodeSsec(ssecKey?.md5) } };
  },
  async uploadPart(store, bucket, request, value, valueSize) {
    const ssecKey = decodeSsecKey(request.ssec);
    const part = await store.uploadPart(bucket, request.object ?? "", request.uploadId ?? "", request.partNumber ?? 0, value, { size: valueSize, ssecKey });
    return { json: { etag: part.etag, ...encodeSsec(ssecKey?.md5) } };
  },
  async completeMultipartUpload(store, bucket, request) {
    const parts = (request.parts ?? []).map(({ etag, part }) => ({ partNumber: part, etag }));
    return { json: encodeObject(await store.completeMultipartUpload(bucket, request.object ?? "", request.uploadId ?? "", parts)) };
  },
  async abortMultipartUpload(store, bucket, request) {
    await store.abortMultipartUpload(bucket, request.object ?? "", request.uploadId ?? "");
    return { json: {} };
  },
};

/**
 * Serves workerd's native `r2Bucket` binding: reads as `GET /` with the call in the
 * `cf-r2-request` header, writes as `PUT /` whose body is the call's JSON (its length in
 * `cf-r2-metadata-size`) followed by the value. Answers are JSON, a get's followed by the bytes;
 * refusals carry `cf-r2-error`, from which the binding throws R2's own message.
 */
export async function serveR2BindingRequest(store: R2Store, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const bucket = String(request.headers[R2_BUCKET_HEADER] ?? "");
  let answer: Answer;
  try {
    const { call, valueSize } = await readCall(request);
    const handler = HANDLERS[call.method];
    if (handler === undefined) throw new R2Error("InvalidArgument", `Outpost's R2 service does not know the method "${call.method}".`);
    answer = await handler(store, bucket, call, request, valueSize);
  } catch (error) {
    // workerd drops the connection if the answer comes while it is still sending the value (a
    // part refused before it is read), so the rest is read and discarded first.
    await discardBody(request);
    if (!(error instanceof R2Error)) {
      // The worker sees R2's internal error; the service host logs what went wrong.
      if (!response.headersSent) await send(response, { json: null, error: new R2Error("InternalError") });
      throw error;
    }
    answer = { json: null, error };
  }
  await send(response, answer);
}

async function readCall(request: IncomingMessage): Promise<{ call: WireRequest; valueSize: number | undefined }> {
  const header = request.headers[REQUEST_HEADER];
  if (typeof header === "string") return { call: JSON.parse(header) as WireRequest, valueSize: undefined };
  const metadataSize = Number(request.headers[METADATA_SIZE_HEADER]);
  if (!Number.isInteger(metadataSize)) throw new R2Error("InvalidArgument", "Metadata missing or invalid");
  const call = JSON.parse((await readPrefix(request, metadataSize)).toString()) as WireRequest;
  const contentLength = Number(request.headers["content-length"]);
  return { call, valueSize: Number.isInteger(contentLength) ? contentLength - metadataSize : undefined };
}

async function send(response: ServerResponse, answer: Answer): Promise<void> {
  const headers: Record<string, string | number> = { "content-type": "application/json" };
  if (answer.error !== undefined) {
    headers[ERROR_HEADER] = JSON.stringify({ version: 1, v4code: answer.error.v4code, message: answer.error.message });
  }
  if (answer.json === null) {
    response.writeHead(answer.error?.status ?? 500, headers).end();
    return;
  }
  const json = Buffer.from(JSON.stringify(answer.json));
  headers[METADATA_SIZE_HEADER] = json.length;
  headers["content-length"] = json.length + (answer.body?.length ?? 0);
  response.writeHead(answer.error?.status ?? 200, headers);
  if (answer.body === undefined) {
    response.end(json);
    return;
  }
  response.write(json);
  await pipeRecycling(answer.body.stream, response);
}
