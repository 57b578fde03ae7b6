import type { IncomingMessage, ServerResponse } from "node:http";
import { json } from "node:stream/consumers";
import { isServiceCall, sendJson } from "../../runtime/index.js";
import type { FixedWindows } from "./fixed-windows.js";
import { RATELIMIT_LIMIT_HEADER, RATELIMIT_NAMESPACE_HEADER, RATELIMIT_PERIOD_HEADER } from "./plugin.js";

/** Answers a binding's `POST /limit` with `{ success }`, counting in the namespace its headers name. */
export async function serveLimitRequest(windows: FixedWindows, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (!isServiceCall("rate-limit", "POST", "/limit", request, response)) return;
  const { key, limit, period } = (await json(request)) as { key: string; limit?: number; period?: number };
  const { headers } = request;
  const success = windows.take(
    String(headers[RATELIMIT_NAMESPACE_HEADER]),
    key,
    limit ?? Number(headers[RATELIMIT_LIMIT_HEADER]),
    period ?? Number(headers[RATELIMIT_PERIOD_HEADER]),
  );
  sendJson(response, 200, { success });
}
