import type { IncomingMessage, ServerResponse } from "node:http";
import { isServiceCall } from "../../runtime/index.js";
import { SECRET_NAME_HEADER, STORE_ID_HEADER } from "./plugin.js";
import type { SecretStore } from "./secret-store.js";

/** Answers a binding's `GET /get` with the value of the secret its headers name, or 404 with `wrangler dev`'s message. */
export function serveSecretRequest(store: SecretStore, request: IncomingMessage, response: ServerResponse): void {
  if (!isServiceCall("Secrets Store", "GET", "/get", request, response)) return;
  const name = String(request.headers[SECRET_NAME_HEADER]);
  const value = store.valueOf(String(request.headers[STORE_ID_HEADER]), name);
  const text = value ?? `Secret "${name}" not found`;
  response.writeHead(value === undefined ? 404 : 200, { "content-type": "text/plain; charset=utf-8", "content-length": Buffer.byteLength(text) }).end(text);
}
