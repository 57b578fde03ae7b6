import type { IncomingMessage, ServerResponse } from "node:http";
import type { QueueBroker } from "./broker.js";
import { QueueError } from "./errors.js";
import { MAX_BATCH_BYTES, MAX_BATCH_MESSAGES, MAX_MESSAGE_BYTES } from "./limits.js";
import type { MessageFormat, NewMessage } from "./message-store.js";
import { buffer } from "node:stream/consumers";
import { sendJson } from "../../runtime/index.js";

/** The header workerd's external service adds to each producer request, naming the queue. */
export const QUEUE_HEADER = "x-outpost-queue";

/** The header carrying a producer's `delivery_delay`, the delay of messages sent without one. */
export const DELIVERY_DELAY_HEADER = "x-outpost-delivery-delay";

const FORMATS: readonly string[] = ["json", "text", "bytes", "v8"];

/**
 * The protocol workerd's native `queue` binding speaks to its backend: `POST /message` with the
 * body as serialized and its format in `X-Msg-Fmt`, `POST /batch` with
 * `{messages: [{contentType, body (base64), delaySecs}]}`, and `GET /metrics`; a delay in
 * `X-Msg-Delay-Secs`. It answers once the messages are durable.
 */
export async function serveQueueRequest(broker: QueueBroker, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const queue = String(request.headers[QUEUE_HEADER] ?? "");
  const path = (request.url ?? "/").split("?", 1)[0];
  try {
    if (request.method === "GET" && path === "/metrics") return sendJson(response, 200, broker.metrics(queue));
    if (request.method !== "POST" || (path !== "/message" && path !== "/batch")) {
      throw new QueueError("ERR_QUEUE_PROTOCOL", 404, "Not Found");
    }
    const delay = Number(request.headers["x-msg-delay-secs"] ?? request.headers[DELIVERY_DELAY_HEADER] ?? 0);
    const body = await buffer(request);
    const messages = path === "/message" ? [singleMessage(body, request.headers["x-msg-fmt"], delay)] : batchMessages(body, delay);
    sendJson(response, 200, { metadata: { metrics: await broker.send(queue, messages) } });
  } catch (error) {
    if (!(error instanceof QueueError)) throw error;
    // The binding reports the status text: `Queue send failed: <text>`.
    sendJson(response, error.status, error.message, { statusText: error.message });
  }
}

function singleMessage(body: Buffer, format: string | string[] | undefined, delaySeconds: number): NewMessage {
  if (body.byteLength > MAX_MESSAGE_BYTES) {
    throw new QueueError("ERR_QUEUE_TOO_LARGE", 413, `message length of ${body.byteLength} bytes exceeds limit`);
  }
  return { format: formatOf(format), body, delaySeconds };
}

function batchMessages(body: Buffer, delaySeconds: number): NewMessage[] {
  let parsed: { messages?: { contentType?: string; body?: string; delaySecs?: number }[] };
  try {
    parsed = JSON.parse(body.toString("utf8")) as typeof parsed;
  } catch {
    throw new QueueError("ERR_QUEUE_PROTOCOL", 400, "The batch is not JSON.");
  }
  const messages = parsed.messages ?? [];
  const bodies = messages.map((message) => Buffer.from(message.body ?? "", "base64"));
  const largest = Math.max(0, ...bodies.map((b) => b.byteLength));
  const total = bodies.reduce((sum, b) => sum + b.byteLength, 0);
  const excess =
    messages.length > MAX_BATCH_MESSAGES
      ? `batch message count of ${messages.length}`
      : largest > MAX_MESSAGE_BYTES
        ? `message in batch of ${largest} bytes`
        : total > MAX_BATCH_BYTES
          ? `batch size of ${total} bytes`
          : undefined;
  if (excess !== undefined) throw new QueueError("ERR_QUEUE_TOO_LARGE", 413, `${excess} exceeds limit`);
  return messages.map((message, i) => ({ format: formatOf(message.contentType), body: bodies[i]!, delaySeconds: message.delaySecs ?? delaySeconds }));
}

function formatOf(value: unknown): MessageFormat {
  return typeof value === "string" && FORMATS.includes(value) ? (value as MessageFormat) : "v8";
}
