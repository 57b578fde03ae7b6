import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { useRunningCopy } from "../helpers/fixture-copy.js";
import { failed, runOutpost, succeeded, type OutpostDev } from "../helpers/outpost-cli.js";

interface RestMessage {
  id: string;
  body: string;
  attempts: number;
  lease_id: string;
  timestamp_ms: number;
  metadata: Record<string, string>;
}

interface RestEnvelope<T> {
  success: boolean;
  errors: { code: number; message: string }[];
  result: T;
}

describe("Queues: http_pull consumers over the REST API", () => {
  let dev: OutpostDev;
  let project: string;
  let token: string;
  useRunningCopy("queues-pull", async (running, copy) => {
    dev = running;
    project = copy;
    token = (JSON.parse(await succeeded(runOutpost(["queues", "token", "create", "--name", "tests", "--json", "-c", copy]))) as { token: string }).token;
  });

  const call = async <T>(queue: string, action: "pull" | "ack", body: unknown, bearer = token) => {
    const response = await fetch(`${dev.apiUrl}/accounts/local/queues/${queue}/messages/${action}`, {
      method: "POST",
      headers: { Authorization: `Bearer ${bearer}`, "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    return { status: response.status, envelope: (await response.json()) as RestEnvelope<T> };
  };
  const pull = async (queue: string, body: unknown) => {
    const { status, envelope } = await call<{ messages: RestMessage[]; message_backlog_count: number }>(queue, "pull", body);
    assert.equal(status, 200, JSON.stringify(envelope));
    return envelope.result;
  };
  const ack = async (queue: string, body: unknown) => {
    const { status, envelope } = await call<{ ackCount: number; retryCount: number; warnings: string[] }>(queue, "ack", body);
    assert.equal(status, 200, JSON.stringify(envelope));
    return envelope.result;
  };
  const send = async (body: unknown, contentType?: string, binding?: string) => {
    const response = await dev.fetch("/send", { method: "POST", body: JSON.stringify({ body, contentType, binding }) });
    assert.deepEqual(await response.json(), { ok: true });
  };

  it("REST API: a request without a token, or with a wrong or revoked one, is refused", async () => {
    const missing = await fetch(`${dev.apiUrl}/accounts/local/queues/pulled/messages/pull`, { method: "POST", body: "{}" });
    assert.equal(missing.status, 403);
    assert.deepEqual(((await missing.json()) as RestEnvelope<null>).errors, [{ code: 10000, message: "Authentication error" }]);
    assert.equal((await call("pulled", "pull", {}, "opq_not-a-token")).status, 403);

    const spare = JSON.parse(await succeeded(runOutpost(["queues", "token", "create", "--json", "-c", project]))) as { id: string; token: string };
    assert.equal((await call("pulled", "pull", { batch_size: 1, visibility_timeout_ms: 1 }, spare.token)).status, 200);
    const listed = await succeeded(runOutpost(["queues", "token", "list", "-c", project]));
    assert.match(listed, new RegExp(spare.id));
    assert.doesNotMatch(listed, new RegExp(spare.token.slice(4)));
    await succeeded(runOutpost(["queues", "token", "revoke", spare.id, "-c", project]));
    assert.equal((await call("pulled", "pull", {}, spare.token)).status, 403);
    assert.match(await failed(runOutpost(["queues", "token", "revoke", spare.id, "-c", project])), /No token with id/);
  });

  it("pull: messages come leased with Cloudflare's fields; text as it is, JSON and bytes as base64; ack removes them", async () => {
    await send("plain words", "text");
    await send({ n: 1 }, "json");
    const { messages } = await pull("pulled", { batch_size: 10, visibility_timeout_ms: 60_000 });
    assert.equal(messages.length, 2);
    assert.equal(messages[0]!.body, "plain words");
    assert.deepEqual(messages[0]!.metadata["CF-Content-Type"], "text");
    assert.deepEqual(JSON.parse(Buffer.from(messages[1]!.body, "base64").toString()), { n: 1 });
    for (const message of messages) {
      assert.equal(message.attempts, 1);
      assert.match(message.id, /^[0-9a-f]{32}$/);
      assert.ok(Math.abs(message.timestamp_ms - Date.now()) < 60_000);
    }
    assert.deepEqual((await pull("pulled", {})).messages, [], "leased messages are invisible to the next pull");
    assert.deepEqual(await ack("pulled", { acks: messages.map(({ lease_id }) => ({ lease_id })) }), { ackCount: 2, retryCount: 0, warnings: [] });
    assert.equal((await pull("pulled", {})).message_backlog_count, 0);
  });

  it("pull: an expired lease returns the message with attempts counted, and acking the old lease only warns", async () => {
    await send("comes back", "text");
    const [first] = (await pull("pulled", { batch_size: 1, visibility_timeout_ms: 200 })).messages;
    await sleep(400);
    const [again] = (await pull("pulled", { batch_size: 1, visibility_timeout_ms: 60_000 })).messages;
    assert.equal(again!.id, first!.id);
    assert.equal(again!.attempts, 2);
    const stale = await ack("pulled", { acks: [{ lease_id: first!.lease_id }] });
    assert.equal(stale.ackCount, 0);
    assert.match(stale.warnings[0]!, /expired/);
    assert.equal((await ack("pulled", { acks: [{ lease_id: again!.lease_id }] })).ackCount, 1);
  });

  it("pull: without visibility_timeout_ms, a lease lasts the consumer's visibility_timeout_ms from the config", async () => {
    await send("brief", "text", "SHORT_LEASE");
    const [first] = (await pull("short-lease", {})).messages;
    assert.deepEqual((await pull("short-lease", {})).messages, [], "leased for now");
    await sleep(500);
    const [again] = (await pull("short-lease", { visibility_timeout_ms: 60_000 })).messages;
    assert.equal(again!.id, first!.id);
    assert.equal(again!.attempts, 2);
    assert.equal((await ack("short-lease", { acks: [{ lease_id: again!.lease_id }] })).ackCount, 1);
  });

  it("ack retries: a retried message comes back after its delay; past max_retries it goes to the dead letter queue", async () => {
    await send("retry me", "text");
    const [first] = (await pull("pulled", { batch_size: 1 })).messages;
    assert.equal((await ack("pulled", { retries: [{ lease_id: first!.lease_id, delay_seconds: 0 }] })).retryCount, 1);
    const [second] = (await pull("pulled", { batch_size: 1 })).messages;
    assert.equal(second!.id, first!.id);
    assert.equal(second!.attempts, 2);
    // max_retries is 1: two deliveries, then the dead letter queue, keeping id and timestamp.
    await ack("pulled", { retries: [{ lease_id: second!.lease_id }] });
    assert.deepEqual((await pull("pulled", {})).messages, []);
    const [dead] = (await pull("pulled-dlq", {})).messages;
    assert.equal(dead!.id, first!.id);
    assert.equal(dead!.timestamp_ms, first!.timestamp_ms);
    assert.equal(dead!.attempts, 1);
    await ack("pulled-dlq", { acks: [{ lease_id: dead!.lease_id }] });
  });

  it("bad requests name the field; a queue without an http_pull consumer is refused", async () => {
    const oversized = await call("pulled", "pull", { batch_size: 101 });
    assert.equal(oversized.status, 400);
    assert.match(oversized.envelope.errors[0]!.message, /^batch_size: /);
    const unknownField = await call("pulled", "ack", { acks: [], retires: [] });
    assert.match(unknownField.envelope.errors[0]!.message, /retires/);
    const notJson = await fetch(`${dev.apiUrl}/accounts/local/queues/pulled/messages/pull`, { method: "POST", headers: { Authorization: `Bearer ${token}` }, body: "{" });
    assert.equal(notJson.status, 400);
    const unpulled = await call("elsewhere", "pull", {});
    assert.equal(unpulled.status, 400);
    assert.match(unpulled.envelope.errors[0]!.message, /Queue "elsewhere" has no http_pull consumer/);
  });
});
