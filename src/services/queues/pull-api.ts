import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import type { ApiTokens } from "./api-tokens.js";
import type { QueueBroker } from "./broker.js";
import { QueueError } from "./errors.js";
import { text } from "node:stream/consumers";
import { sendJson } from "../../runtime/index.js";
import { DEFAULT_PULL_BATCH_SIZE, MAX_PULL_BATCH_SIZE, MAX_VISIBILITY_TIMEOUT_MS } from "./limits.js";
import type { PulledMessage } from "./message-store.js";

/** Cloudflare's REST paths for pull consumers; the queue id may be the queue's name. */
const ROUTE = /^\/client\/v4\/accounts\/[^/]+\/queues\/([^/]+)\/messages\/(pull|ack)$/;

const pullRequest = z.strictObject({
  batch_size: z.number().int().min(1).max(MAX_PULL_BATCH_SIZE).default(DEFAULT_PULL_BATCH_SIZE),
  visibility_timeout_ms: z.number().int().min(1).max(MAX_VISIBILITY_TIMEOUT_MS).optional(),
  /** The name the docs' examples use for `visibility_timeout_ms`. */
  visibility_timeout: z.number().int().min(1).max(MAX_VISIBILITY_TIMEOUT_MS).optional(),
});

const ackRequest = z.strictObject({
  acks: z.array(z.strictObject({ lease_id: z.string() })).default([]),
  retries: z.array(z.strictObject({ lease_id: z.string(), delay_seconds: z.number().int().min(0).max(43_200).default(0) })).default([]),
});

/**
 * The pull consumer API, in Cloudflare's REST shape: `POST …/queues/<queue>/messages/pull` leases a
 * batch, `POST …/messages/ack` acks and retries by lease id. Every request needs a bearer token
 * from `outpost queues token create`.
 */
export function pullApiHandler(broker: QueueBroker, tokens: ApiTokens): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  return async (request, response) => {
    try {
      const route = ROUTE.exec((request.url ?? "/").split("?", 1)[0]!);
      if (route === null || request.method !== "POST") throw new QueueError("ERR_QUEUE_PROTOCOL", 404, "No route for the URI");
      const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1];
      if (bearer === undefined || !tokens.verify(bearer)) throw new QueueError("ERR_QUEUE_UNAUTHORIZED", 403, "Authentication error");
      const queue = decodeURIComponent(route[1]!);
      const body = await readJsonBody(request);
      sendJson(response, 200, succeeded(route[2] === "pull" ? pull(broker, queue, body) : ack(broker, queue, body)));
    } catch (error) {
      if (!(error instanceof QueueError)) throw error;
      sendJson(response, error.status, { success: false, errors: [{ code: errorCode(error), message: error.message }], messages: [], result: null });
    }
  };
}

function pull(broker: QueueBroker, queue: string, body: unknown): unknown {
  const { batch_size, visibility_timeout_ms, visibility_timeout } = parse(pullRequest, body);
  const messages = broker.pull(queue, batch_size, visibility_timeout_ms ?? visibility_timeout);
  const metrics = broker.metrics(queue);
  return {
    message_backlog_count: metrics.backlogCount,
    messages: messages.map(restMessage),
    metadata: {
      metrics: { backlog_count: metrics.backlogCount, backlog_bytes: metrics.backlogBytes, oldest_message_timestamp_ms: metrics.oldestMessageTimestamp },
    },
  };
}

function ack(broker: QueueBroker, queue: string, body: unknown): unknown {
  const { acks, retries } = parse(ackRequest, body);
  const expired = broker.settleLeases(queue, [
    ...acks.map(({ lease_id }) => ({ leaseId: lease_id, kind: "ack" as const })),
    ...retries.map(({ lease_id, delay_seconds }) => ({ leaseId: lease_id, kind: "retry" as const, delaySeconds: delay_seconds })),
  ]);
  const settled = (leaseIds: { lease_id: string }[]) => leaseIds.filter(({ lease_id }) => !expired.includes(lease_id)).length;
  return {
    ackCount: settled(acks),
    retryCount: settled(retries),
    warnings: expired.map((leaseId) => `Lease ${leaseId} is unknown or has expired; its message was not settled.`),
  };
}

/** Text bodies travel as they are; JSON, bytes and V8-serialized bodies as base64, as on Cloudflare. */
function restMessage(message: PulledMessage): unknown {
  return {
    id: message.id,
    body: message.format === "text" ? message.body.toString("utf8") : message.body.toString("base64"),
    attempts: message.attempts,
    lease_id: message.leaseId,
    timestamp_ms: message.timestamp,
    metadata: { "CF-sourceMessageSource": "worker", "CF-Content-Type": message.format },
  };
}

async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const body = await text(request);
  if (body.trim() === "") return {};
  try {
    return JSON.parse(body);
  } catch {
    throw new QueueError("ERR_QUEUE_BAD_REQUEST", 400, "The request body is not valid JSON.");
  }
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = [...issue.path, ...("keys" in issue ? issue.keys : [])].join(".");
  throw new QueueError("ERR_QUEUE_BAD_REQUEST", 400, `${field === "" ? "body" : field}: ${issue.message}`);
}

function succeeded(result: unknown): unknown {
  return { success: true, errors: [], messages: [], result };
}

/** Cloudflare's API error codes for the failures a pull consumer can meet. */
function errorCode(error: QueueError): number {
  if (error.code === "ERR_QUEUE_UNAUTHORIZED") return 10000;
  if (error.code === "ERR_QUEUE_PROTOCOL") return 7003;
  return 11000;
}
