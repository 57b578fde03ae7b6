import type { IncomingMessage, ServerResponse } from "node:http";
import { pipeRecycling } from "../../storage/pipe-recycling.js";
import { KvError } from "./errors.js";
import { MAX_VALUE_BYTES } from "./limits.js";
import type { KvNamespace } from "./namespace.js";

/**
 * The protocol workerd's native `kvNamespace` binding speaks to its backend:
 * `GET|PUT|DELETE /<urlencoded key>`, `GET /?prefix=&key_count_limit=&cursor=` for a page of keys,
 * and `POST /bulk/get`. Metadata travels in `CF-KV-Metadata`. A refusal is a status and status
 * text, which the binding reports as `KV <OP> failed: <status> <text>`.
 */
export async function serveKvRequest(namespace: KvNamespace, request: IncomingMessage, response: ServerResponse): Promise<void> {
  try {
    await route(namespace, request, response);
  } catch (error) {
    if (!(error instanceof KvError)) throw error;
    response.writeHead(error.status, error.message.replace(/[\r\n]/g, " "));
    response.end();
  }
}

async function route(namespace: KvNamespace, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const target = request.url ?? "/";
  const queryStart = target.indexOf("?");
  const path = queryStart === -1 ? target : target.slice(0, queryStart);
  const params = new URLSearchParams(queryStart === -1 ? "" : target.slice(queryStart + 1));
  if (request.method === "POST" && path === "/bulk/get") {
    return sendJson(response, await namespace.bulkGet(await readJson(request)));
  }
  if (request.method === "GET" && path === "/") {
    return sendJson(response, namespace.list({ prefix: params.get("prefix"), limit: params.get("key_count_limit"), cursor: params.get("cursor") }));
  }
  const key = decodeKey(path.slice(1));
  switch (request.method) {
    case "GET": {
      const entry = namespace.get(key, params.get("cache_ttl"));
      if (entry === null) {
        response.writeHead(404).end();
        return;
      }
      const headers = entry.metadata === null ? {} : { "CF-KV-Metadata": entry.metadata };
      if (entry.value instanceof Uint8Array) {
        response.writeHead(200, headers).end(entry.value);
        return;
      }
      response.writeHead(200, { ...headers, "Content-Length": entry.value.byteLength });
      return pipeRecycling(entry.value.stream(), response);
    }
    case "PUT": {
      const metadata = request.headers["cf-kv-metadata"];
      await namespace.put(key, request, {
        expiration: params.get("expiration"),
        expirationTtl: params.get("expiration_ttl"),
        metadata: typeof metadata === "string" ? metadata : null,
      });
      response.writeHead(200).end();
      return;
    }
    case "DELETE":
      await namespace.delete(key);
      response.writeHead(200).end();
      return;
  }
  throw new KvError("ERR_NOT_FOUND", 405, "Method Not Allowed");
}

function decodeKey(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    throw new KvError("ERR_KEY_INVALID", 400, "Invalid key encoding");
  }
}

/**
 * Reads a bulk request's JSON body of at most 25 MiB. A larger body is read to its end and dropped
 * before the refusal, because workerd loses the connection if answered mid-upload.
 */
async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size <= MAX_VALUE_BYTES) chunks.push(chunk);
    else chunks.length = 0;
  }
  if (size > MAX_VALUE_BYTES) throw new KvError("ERR_VALUE_TOO_LARGE", 413, `Value length of ${size} exceeds limit of ${MAX_VALUE_BYTES}.`);
  const body = Buffer.concat(chunks, size).toString("utf8");
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new KvError("ERR_BULK_INVALID", 400, "Invalid JSON");
  }
  if (typeof parsed !== "object" || parsed === null) throw new KvError("ERR_BULK_INVALID", 400, "Invalid JSON");
  return parsed as Record<string, unknown>;
}

function sendJson(response: ServerResponse, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  response.end(text);
}
