import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { refuseUnknownCall } from "../../runtime/index.js";
import type { CacheStore } from "./cache-store.js";
import { keeping, valueOf } from "./freshness.js";
import { parseStoredResponse, type StoredResponse } from "./stored-response.js";

/** The header workerd names a `caches.open()` cache by; `caches.default` has none. */
const NAMESPACE_HEADER = "cf-cache-namespace";
/** The largest response Cloudflare's cache keeps (512 MB on every plan but Enterprise). */
const MAX_STORED_BYTES = 512 * 1024 * 1024;

/**
 * Answers workerd's Cache API requests, each for the URL (host and path) of its cache key:
 * `GET` for `match()`, answered `CF-Cache-Status: HIT` with the response or `MISS`; `PUT` for
 * `put()`, its body the serialised response; `PURGE` for `delete()`, 200 when there was an entry
 * and 404 when not.
 */
export async function serveCacheRequest(store: CacheStore, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const namespace = String(request.headers[NAMESPACE_HEADER] ?? "");
  const url = `${request.headers.host ?? ""}${request.url ?? "/"}`;
  switch (request.method) {
    case "GET": {
      const stored = store.get(namespace, url);
      if (stored === undefined) response.writeHead(504, { "cf-cache-status": "MISS" }).end();
      else sendHit(request, response, stored);
      return;
    }
    case "PUT": {
      const message = await bodyUpTo(request, MAX_STORED_BYTES);
      const stored = message === undefined ? undefined : parseStoredResponse(message);
      const kept = stored === undefined ? undefined : keeping(stored.status, stored.headers, Date.now());
      if (stored !== undefined && kept !== undefined) store.put(namespace, url, { ...stored, headers: kept.headers }, kept.expiresAt);
      response.writeHead(stored === undefined ? 413 : 204).end();
      return;
    }
    case "PURGE":
      response.writeHead(store.delete(namespace, url) ? 200 : 404).end();
      return;
    default:
      refuseUnknownCall("Cache API", request, response);
  }
}

/** The stored response for a `match()`, as the request's `If-None-Match`, `If-Modified-Since` and `Range` ask for it. */
function sendHit(request: IncomingMessage, response: ServerResponse, stored: StoredResponse): void {
  // workerd hands the worker these headers as they come, so node adds none of its own
  // (`Date`, `Connection`, `Keep-Alive`); the connection is kept alive all the same.
  response.sendDate = false;
  response.removeHeader("connection");
  const headers: OutgoingHttpHeaders = { ...headersObject(stored.headers), "cf-cache-status": "HIT" };
  if (stored.status === 200 && notModified(request, stored)) {
    response.writeHead(304, headers).end();
    return;
  }
  const range = stored.status === 200 && request.headers.range !== undefined ? byteRange(request.headers.range, stored.body.length) : undefined;
  if (range === "unsatisfiable") {
    response.writeHead(416, { ...headers, "content-range": `bytes */${stored.body.length}`, "content-length": 0 }).end();
  } else if (range !== undefined) {
    const part = stored.body.subarray(range.start, range.end + 1);
    response.writeHead(206, { ...headers, "content-range": `bytes ${range.start}-${range.end}/${stored.body.length}`, "content-length": part.length }).end(part);
  } else {
    response.writeHead(stored.status, { ...headers, "content-length": stored.body.length }).end(stored.body);
  }
}

/** Headers as node writes them, a repeated name keeping each of its values. */
function headersObject(headers: readonly [string, string][]): OutgoingHttpHeaders {
  const object: Record<string, string | string[]> = {};
  for (const [name, value] of headers) {
    const key = name.toLowerCase();
    const existing = object[key];
    object[key] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return object;
}

function notModified(request: IncomingMessage, stored: StoredResponse): boolean {
  const ifNoneMatch = request.headers["if-none-match"];
  if (ifNoneMatch !== undefined) {
    const etag = valueOf(stored.headers, "etag");
    return ifNoneMatch.trim() === "*" || (etag !== undefined && ifNoneMatch.split(",").some((tag) => opaqueTag(tag) === opaqueTag(etag)));
  }
  const since = Date.parse(request.headers["if-modified-since"] ?? "");
  const modified = Date.parse(valueOf(stored.headers, "last-modified") ?? "");
  return !Number.isNaN(since) && !Number.isNaN(modified) && modified <= since;
}

/** An entity tag without its weakness mark: `If-None-Match` compares tags weakly. */
function opaqueTag(tag: string): string {
  return tag.trim().replace(/^W\//, "");
}

/** The one byte range `Range: bytes=…` asks of `size` bytes; `undefined` for a header that is not one range, which is ignored. */
function byteRange(header: string, size: number): { start: number; end: number } | "unsatisfiable" | undefined {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (match === null || (match[1] === "" && match[2] === "")) return undefined;
  const [, first = "", last = ""] = match;
  if (first === "") {
    const suffix = Number(last);
    return suffix === 0 || size === 0 ? "unsatisfiable" : { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (last !== "" && Number(last) < start) return undefined;
  if (start >= size) return "unsatisfiable";
  return { start, end: last === "" ? size - 1 : Math.min(Number(last), size - 1) };
}

/** The request's body, or `undefined` once it runs past `limit` bytes. */
async function bodyUpTo(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of request) {
    length += (chunk as Buffer).length;
    if (length > limit) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
