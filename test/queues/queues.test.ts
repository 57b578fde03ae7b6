import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { copyFixture, useRunningCopy } from "../helpers/fixture-copy.js";
import { OutpostDev } from "../helpers/outpost-cli.js";
import { until, type Patience } from "../helpers/until.js";

/** How any test here waits for a delivery it expects. */
const DELIVERY_PATIENCE: Patience = { timeoutMs: 15_000, intervalMs: 50 };

/**
 * How long to watch for something that must NOT happen (a redelivery, a dropped message coming
 * back). It is longer than the fixture's max_batch_timeout of 1 s, and retry_delay is 0, so a
 * wrong redelivery would show within it.
 */
const QUIET_MS = 1_500;

/** Sends acknowledged before the whole process tree is killed, the senders still running. */
const SENDS_BEFORE_KILL = 200;

/** One `delivered {...}` line the fixtures' consumers log per message they receive. */
interface Delivery {
  /** The worker that logged it, from Outpost's `[worker] ` prefix. */
  worker: string;
  queue: string;
  id: string;
  attempts: number;
  /** `message.timestamp.getTime()`. */
  ts: number;
  timestampIsDate: boolean;
  /** `Date.now()` in the consumer when the batch arrived. */
  now: number;
  /** Random per invocation of queue(): messages with the same batchId came in one batch. */
  batchId: string;
  batchSize: number;
  /** `Object.prototype.toString.call(body)`. */
  bodyType: string;
  /** The body as JSON: bytes as `{bytes}`, a Map as `{map}`, a Date as `{date}`, a long string as `{longString}`. */
  body: unknown;
}

interface MessageSpec {
  body?: unknown;
  contentType?: "json" | "text" | "bytes" | "v8";
  delaySeconds?: number;
  revive?: "bytes" | "map" | "date";
}

interface RouteResult {
  status: number;
  ok?: boolean;
  error?: string;
}

const DELIVERED = /^\[([\w-]+)\] delivered (\{.*\})$/;

/** Every delivery logged in `output` so far, in order, from complete lines only. */
function deliveries(source: OutpostDev | string): Delivery[] {
  const output = typeof source === "string" ? source : source.output;
  const found: Delivery[] = [];
  for (const line of output.slice(0, output.lastIndexOf("\n") + 1).split("\n")) {
    const match = DELIVERED.exec(line.trimEnd());
    if (match) found.push({ worker: match[1]!, ...(JSON.parse(match[2]!) as Omit<Delivery, "worker">) });
  }
  return found;
}

function tagOf(delivery: Delivery): unknown {
  const body = delivery.body;
  return body !== null && typeof body === "object" ? (body as { tag?: unknown }).tag : undefined;
}

/** The deliveries of messages whose body has this `tag`, optionally from one queue only. */
function tagged(source: OutpostDev | string, tag: string, queue?: string): Delivery[] {
  return deliveries(source).filter((delivery) => tagOf(delivery) === tag && (queue === undefined || delivery.queue === queue));
}

/** Waits for `count` deliveries of `tag` (on `queue`, if given) and returns them all. */
async function waitForTagged(dev: OutpostDev, tag: string, count = 1, queue?: string): Promise<Delivery[]> {
  await until(() => tagged(dev, tag, queue).length >= count, `${count} deliveries of "${tag}"${queue ? ` on ${queue}` : ""}`, DELIVERY_PATIENCE);
  return tagged(dev, tag, queue);
}

/** Watches for QUIET_MS (or `ms`): the only way to see that something does not happen. */
function quiet(ms = QUIET_MS): Promise<void> {
  return sleep(ms);
}

async function post(dev: OutpostDev, pathname: string, payload?: unknown): Promise<RouteResult> {
  const response = await dev.fetch(pathname, { method: "POST", body: payload === undefined ? undefined : JSON.stringify(payload) });
  const text = await response.text();
  let parsed: { ok?: boolean; error?: string };
  try {
    parsed = JSON.parse(text) as { ok?: boolean; error?: string };
  } catch {
    throw new Error(`${pathname} answered ${response.status} with non-JSON: ${text.slice(0, 500)}`);
  }
  return { status: response.status, ...parsed };
}

/** `env[binding].send(...)` in the fixture, which must succeed. */
async function send(dev: OutpostDev, spec: MessageSpec & { binding?: string }): Promise<void> {
  const result = await post(dev, "/send", spec);
  assert.deepEqual(result, { status: 200, ok: true }, `send failed: ${result.error}`);
}

/** `env[binding].sendBatch(...)` in the fixture, which must succeed. */
async function sendBatch(dev: OutpostDev, messages: MessageSpec[], options: { delaySeconds?: number; binding?: string } = {}): Promise<void> {
  const result = await post(dev, "/send-batch", { messages, ...options });
  assert.deepEqual(result, { status: 200, ok: true }, `sendBatch failed: ${result.error}`);
}

function assertError(result: RouteResult, expected: string): void {
  assert.equal(result.status, 500, `expected an error containing ${JSON.stringify(expected)}, got ${JSON.stringify(result)}`);
  assert.ok(result.error?.includes(expected), `expected ${JSON.stringify(expected)} in ${JSON.stringify(result.error)}`);
}

/** Asserts the deliveries are of one message (one id, one timestamp) with attempts `expected`. */
function assertAttempts(found: Delivery[], expected: number[]): void {
  assert.deepEqual(
    found.map((delivery) => delivery.attempts),
    expected,
  );
  assert.equal(new Set(found.map((delivery) => delivery.id)).size, 1, `one message id expected: ${JSON.stringify(found)}`);
  assert.equal(new Set(found.map((delivery) => delivery.ts)).size, 1, `one timestamp expected: ${JSON.stringify(found)}`);
}

/** Runs `outpost dev` on a fresh copy of the queues fixture, optionally with its config edited. */
async function withRunningCopy(run: (dev: OutpostDev, project: string) => Promise<void>, editConfig?: (config: string) => string): Promise<void> {
  const project = await copyFixture("queues");
  try {
    if (editConfig) {
      const config = path.join(project, "wrangler.jsonc");
      const original = await readFile(config, "utf8");
      const edited = editConfig(original);
      assert.notEqual(edited, original, "the config edit changed nothing");
      await writeFile(config, edited);
    }
    const dev = await OutpostDev.start([project]);
    try {
      await run(dev, project);
    } finally {
      await dev.kill();
    }
  } finally {
    await rm(project, { recursive: true, force: true });
  }
}

describe("Queues: delivery to the consumer", () => {
  let dev: OutpostDev;
  useRunningCopy("queues", (started) => (dev = started));

  it("send: delivered once, with attempts 1, the same body, an id and the time it was sent", async () => {
    const body = { tag: "once", n: 1, nested: { list: [1, "two", null], ok: true } };
    const sentFrom = Date.now();
    await send(dev, { body });
    const sentBy = Date.now();
    const [delivery] = await waitForTagged(dev, "once");
    assert.equal(delivery!.worker, "queues");
    assert.equal(delivery!.queue, "jobs");
    assert.equal(delivery!.attempts, 1);
    assert.deepEqual(delivery!.body, body);
    assert.equal(typeof delivery!.id, "string");
    assert.ok(delivery!.id.length > 0, "the message id is empty");
    assert.equal(delivery!.timestampIsDate, true);
    assert.ok(delivery!.ts >= sentFrom - 1_000 && delivery!.ts <= sentBy + 1_000, `timestamp ${delivery!.ts} is not the time of the send (${sentFrom}..${sentBy})`);
    await quiet();
    assert.equal(tagged(dev, "once").length, 1, "an acknowledged message was delivered again");
  });

  it("sendBatch: every message is delivered once, each with an id of its own", async () => {
    await sendBatch(dev, [0, 1, 2].map((n) => ({ body: { tag: "batch", n } })));
    const found = await waitForTagged(dev, "batch", 3);
    assert.deepEqual(found.map((delivery) => (delivery.body as { n: number }).n).sort(), [0, 1, 2]);
    assert.equal(new Set(found.map((delivery) => delivery.id)).size, 3);
    assert.deepEqual(found.map((delivery) => delivery.attempts), [1, 1, 1]);
    await quiet();
    assert.equal(tagged(dev, "batch").length, 3);
  });

  it("max_batch_timeout: two messages go as one batch of two once the oldest has waited max_batch_timeout (1 s)", async () => {
    const sentFrom = Date.now();
    await send(dev, { body: { tag: "timeout-batch", n: 0 } });
    await send(dev, { body: { tag: "timeout-batch", n: 1 } });
    const found = await waitForTagged(dev, "timeout-batch", 2);
    assert.equal(found.length, 2);
    assert.equal(found[0]!.batchId, found[1]!.batchId, "the two messages came in different batches");
    assert.equal(found[0]!.batchSize, 2);
    const waited = found[0]!.now - sentFrom;
    assert.ok(waited >= 900, `the batch was delivered ${waited} ms after the first send, before max_batch_timeout`);
    assert.ok(waited < 5_000, `the batch was delivered ${waited} ms after the first send`);
  });

  it("max_batch_size unset: batches hold at most 10 messages, Cloudflare's default", async () => {
    // The "other" consumer sets max_batch_timeout and max_retries only.
    await sendBatch(dev, Array.from({ length: 12 }, (_, n) => ({ body: { tag: "default-size", n } })), { binding: "OTHER" });
    const found = await waitForTagged(dev, "default-size", 12);
    assert.ok(found.every((delivery) => delivery.queue === "other"));
    const sizes = new Map<string, number>();
    for (const delivery of found) sizes.set(delivery.batchId, (sizes.get(delivery.batchId) ?? 0) + 1);
    assert.deepEqual([...sizes.values()].sort((a, b) => b - a), [10, 2]);
    assert.deepEqual(found.map((delivery) => delivery.batchSize).sort((a, b) => b - a), [...Array(10).fill(10), 2, 2]);
  });

  it("send delaySeconds: a message sent with a delay of 2 s is not delivered before then", async () => {
    const sentFrom = Date.now();
    await send(dev, { body: { tag: "delayed" }, delaySeconds: 2 });
    const [delivery] = await waitForTagged(dev, "delayed");
    const waited = delivery!.now - sentFrom;
    assert.ok(waited >= 1_900, `delivered ${waited} ms after the send`);
    assert.ok(waited < 7_000, `delivered ${waited} ms after the send`);
    assert.equal(delivery!.attempts, 1);
  });

  it("sendBatch delaySeconds: the batch's delay applies to every message in it", async () => {
    const sentFrom = Date.now();
    await sendBatch(dev, [{ body: { tag: "delayed-batch", n: 0 } }, { body: { tag: "delayed-batch", n: 1 } }], { delaySeconds: 2 });
    const found = await waitForTagged(dev, "delayed-batch", 2);
    for (const delivery of found) {
      const waited = delivery.now - sentFrom;
      assert.ok(waited >= 1_900, `message ${JSON.stringify(delivery.body)} delivered ${waited} ms after the send`);
    }
  });

  it("content types: json (the default at 2025-06-01), text, bytes (as an ArrayBuffer) and v8 bodies arrive as they were sent", async () => {
    const bytes = [0, 1, 2, 127, 128, 254, 255];
    const date = Date.UTC(2024, 1, 29, 12, 34, 56, 789);
    const defaultDate = Date.UTC(2001, 0, 2, 3, 4, 5, 6);
    await send(dev, { body: { tag: "json-default", list: [1, "two", null], nested: { ok: true } } });
    await send(dev, { body: { tag: "json-explicit", n: 1.5 }, contentType: "json" });
    await send(dev, { body: "plain text ✓", contentType: "text" });
    await send(dev, { body: bytes, revive: "bytes", contentType: "bytes" });
    await send(dev, { body: { tag: "v8-map", key: "value" }, revive: "map", contentType: "v8" });
    await send(dev, { body: date, revive: "date", contentType: "v8" });
    // Without a content type a Date goes as JSON, so it arrives as its ISO string: json is the default.
    await send(dev, { body: defaultDate, revive: "date" });

    const find = (predicate: (delivery: Delivery) => boolean) => deliveries(dev).find(predicate);
    const probes: [string, (delivery: Delivery) => boolean][] = [
      ["json-default", (delivery) => tagOf(delivery) === "json-default"],
      ["json-explicit", (delivery) => tagOf(delivery) === "json-explicit"],
      ["text", (delivery) => delivery.body === "plain text ✓"],
      ["bytes", (delivery) => (delivery.body as { bytes?: unknown } | null)?.bytes !== undefined],
      ["v8 Map", (delivery) => delivery.bodyType === "[object Map]"],
      ["v8 Date", (delivery) => delivery.bodyType === "[object Date]"],
      ["default Date", (delivery) => delivery.body === new Date(defaultDate).toISOString()],
    ];
    await until(() => probes.every(([, predicate]) => find(predicate) !== undefined), "one delivery of each content type", DELIVERY_PATIENCE);
    const [jsonDefault, jsonExplicit, text, binary, map, v8Date, asJson] = probes.map(([, predicate]) => find(predicate)!);

    assert.equal(jsonDefault!.bodyType, "[object Object]");
    assert.deepEqual(jsonDefault!.body, { tag: "json-default", list: [1, "two", null], nested: { ok: true } });
    assert.deepEqual(jsonExplicit!.body, { tag: "json-explicit", n: 1.5 });
    assert.equal(text!.bodyType, "[object String]");
    assert.equal(binary!.bodyType, "[object ArrayBuffer]", "bytes arrive as an ArrayBuffer, as under wrangler dev");
    assert.deepEqual(binary!.body, { bytes });
    assert.deepEqual(map!.body, { map: [["tag", "v8-map"], ["key", "value"]] });
    assert.deepEqual(v8Date!.body, { date });
    assert.equal(asJson!.bodyType, "[object String]");
  });
});

describe("Queues: batching by size", () => {
  it("max_batch_size: five ready messages go at once as one batch of five, without waiting for max_batch_timeout", async () => {
    // max_batch_timeout 30 s: a batch that comes within seconds was sent because it was full.
    await withRunningCopy(
      async (dev) => {
        for (let n = 0; n < 5; n++) await send(dev, { body: { tag: "size-batch", n } });
        const fifthSent = Date.now();
        for (let n = 5; n < 7; n++) await send(dev, { body: { tag: "size-batch", n } });
        const found = await waitForTagged(dev, "size-batch", 5);
        const first = found[0]!;
        assert.ok(first.now - fifthSent < 5_000, `the full batch came ${first.now - fifthSent} ms after the fifth message`);
        assert.equal(first.batchSize, 5);
        assert.equal(found.filter((delivery) => delivery.batchId === first.batchId).length, 5);
        await quiet(2_000);
        const later = tagged(dev, "size-batch");
        assert.equal(later.length, 5, `the two messages left over should wait for max_batch_timeout: ${JSON.stringify(later)}`);
      },
      (config) => config.replace('"max_batch_size": 5, "max_batch_timeout": 1,', '"max_batch_size": 5, "max_batch_timeout": 30,'),
    );
  });
});

describe("Queues: acknowledgement, retries and dead letters", () => {
  let dev: OutpostDev;
  useRunningCopy("queues", (started) => (dev = started));

  it("retry(): redelivered with the same id and timestamp until max_retries (2), then moved to jobs-dlq with attempts from 1", async () => {
    const body = { tag: "retry", action: "retry" };
    await send(dev, { body });
    const [dead] = await waitForTagged(dev, "retry", 1, "jobs-dlq");
    const tries = tagged(dev, "retry", "jobs");
    assertAttempts(tries, [1, 2, 3]);
    assert.equal(dead!.id, tries[0]!.id);
    assert.equal(dead!.ts, tries[0]!.ts);
    assert.equal(dead!.attempts, 1);
    assert.deepEqual(dead!.body, body);
    await quiet();
    assert.equal(tagged(dev, "retry", "jobs").length, 3, "delivered again after it was dead-lettered");
    assert.equal(tagged(dev, "retry", "jobs-dlq").length, 1, "the dead letter was delivered twice");
  });

  it("throw: every message the handler did not acknowledge is retried, attempts counting up", async () => {
    await sendBatch(dev, [{ body: { tag: "throw", action: "throw" } }, { body: { tag: "throw-sibling" } }]);
    await waitForTagged(dev, "throw", 1, "jobs-dlq");
    await waitForTagged(dev, "throw-sibling", 1, "jobs-dlq");
    assertAttempts(tagged(dev, "throw", "jobs"), [1, 2, 3]);
    assertAttempts(tagged(dev, "throw-sibling", "jobs"), [1, 2, 3]);
  });

  it("ack() then throw: the explicit ack survives the exception; the rest of the batch is retried", async () => {
    await sendBatch(dev, [{ body: { tag: "acked", action: "ack-then-throw" } }, { body: { tag: "not-acked" } }]);
    await waitForTagged(dev, "not-acked", 2);
    await quiet();
    assertAttempts(tagged(dev, "acked"), [1]);
    // On its second delivery it is alone in the batch, the handler returns normally and it is acked.
    assertAttempts(tagged(dev, "not-acked"), [1, 2]);
  });

  it("retry() then ack(): the first decision wins and the message is retried", async () => {
    await send(dev, { body: { tag: "retry-first", action: "retry-then-ack" } });
    await waitForTagged(dev, "retry-first", 1, "jobs-dlq");
    assertAttempts(tagged(dev, "retry-first", "jobs"), [1, 2, 3]);
  });

  it("retryAll(): every message of the batch is retried, the ones the handler left alone too", async () => {
    await sendBatch(dev, [{ body: { tag: "retry-all", action: "retryAll" } }, { body: { tag: "retry-all-a" } }, { body: { tag: "retry-all-b" } }]);
    for (const tag of ["retry-all", "retry-all-a", "retry-all-b"]) await waitForTagged(dev, tag, 1, "jobs-dlq");
    for (const tag of ["retry-all", "retry-all-a", "retry-all-b"]) assertAttempts(tagged(dev, tag, "jobs"), [1, 2, 3]);
  });

  it("ackAll() then throw: no message of the batch is retried", async () => {
    await sendBatch(dev, [{ body: { tag: "ack-all", action: "ackAll-then-throw" } }, { body: { tag: "ack-all-sibling" } }]);
    await waitForTagged(dev, "ack-all");
    await waitForTagged(dev, "ack-all-sibling");
    await quiet();
    assertAttempts(tagged(dev, "ack-all"), [1]);
    assertAttempts(tagged(dev, "ack-all-sibling"), [1]);
  });

  it("no dead letter queue: a message retried past max_retries (1) is dropped", async () => {
    await send(dev, { binding: "OTHER", body: { tag: "dropped", action: "retry" } });
    await waitForTagged(dev, "dropped", 2);
    await quiet(3_000);
    const found = tagged(dev, "dropped");
    assert.deepEqual(
      found.map((delivery) => delivery.queue),
      ["other", "other"],
    );
    assertAttempts(found, [1, 2]);
  });

  it("retry({delaySeconds: 2}): the next delivery waits at least the delay", async () => {
    await send(dev, { body: { tag: "retry-later", action: "retry", delay: 2 } });
    const [first, second] = await waitForTagged(dev, "retry-later", 2, "jobs");
    assertAttempts([first!, second!], [1, 2]);
    const waited = second!.now - first!.now;
    assert.ok(waited >= 1_900, `redelivered ${waited} ms after the first delivery`);
  });
});

describe("Queues: limits and errors, with workerd's and Cloudflare's texts", () => {
  let dev: OutpostDev;
  useRunningCopy("queues", (started) => (dev = started));

  it("send: a message of 128000 bytes is accepted; one of 128001 bytes is refused, 'exceeds limit'", async () => {
    assert.deepEqual(await post(dev, "/send-big?bytes=128000"), { status: 200, ok: true });
    assertError(await post(dev, "/send-big?bytes=128001"), "exceeds limit");
  });

  it("sendBatch: 101 messages are refused", async () => {
    const messages = Array.from({ length: 101 }, (_, n) => ({ body: { tag: "batch-of-101", n } }));
    const result = await post(dev, "/send-batch", { messages });
    assert.equal(result.status, 500, JSON.stringify(result));
    assert.ok(result.error, "no error text");
  });

  it("sendBatch: more than 256 KB in all is refused, though each message is under 128 KB", async () => {
    const result = await post(dev, "/send-big?bytes=100000&count=3");
    assert.equal(result.status, 500, JSON.stringify(result));
    assert.ok(result.error, "no error text");
  });

  it("send(undefined): refused in the worker", async () => {
    assertError(await post(dev, "/send", {}), "Message body cannot be undefined");
  });

  it("sendBatch([]): refused in the worker", async () => {
    assertError(await post(dev, "/send-batch", { messages: [] }), "sendBatch() requires at least one message");
  });

  it("refused messages are never delivered; the accepted ones are", async () => {
    await send(dev, { body: { tag: "after-errors" } });
    await waitForTagged(dev, "after-errors");
    await until(() => deliveries(dev).some((delivery) => (delivery.body as { longString?: number } | null)?.longString === 128_000), "the 128000-byte message", DELIVERY_PATIENCE);
    await quiet();
    const refused = deliveries(dev).filter((delivery) => {
      const length = (delivery.body as { longString?: number } | null)?.longString;
      return tagOf(delivery) === "batch-of-101" || length === 128_001 || length === 100_000;
    });
    assert.deepEqual(refused, []);
  });
});

describe("Queues: durability", () => {
  it("kill -9 of the whole tree with 200 acknowledged, delayed messages: every one is delivered after restart", async (t) => {
    const project = await copyFixture("queues");
    try {
      const dev = await OutpostDev.start([project]);
      try {
        let next = 0;
        const sender = async () => {
          while (next < 200) {
            const n = next++;
            await send(dev, { body: { tag: "durable", n }, delaySeconds: 3 });
          }
        };
        await Promise.all(Array.from({ length: 10 }, sender));
      } finally {
        await dev.kill();
      }
      const beforeKill = tagged(dev, "durable");
      t.diagnostic(`${beforeKill.length} deliveries before SIGKILL`);

      const restarted = await OutpostDev.start([project]);
      try {
        const all = () => [...beforeKill, ...tagged(restarted, "durable")];
        const numbers = () => new Set(all().map((delivery) => (delivery.body as { n: number }).n));
        await until(() => numbers().size === 200, "all 200 messages", DELIVERY_PATIENCE);
        const found = all();
        const idsByNumber = new Map<number, Set<string>>();
        for (const delivery of found) {
          const n = (delivery.body as { n: number }).n;
          idsByNumber.set(n, (idsByNumber.get(n) ?? new Set()).add(delivery.id));
        }
        for (const [n, ids] of idsByNumber) assert.equal(ids.size, 1, `message ${n} came with ${ids.size} different ids`);
        assert.equal(new Set(found.map((delivery) => delivery.id)).size, 200);
        t.diagnostic(`${found.length - 200} duplicate deliveries of 200 messages`);
      } finally {
        await restarted.kill();
      }
    } finally {
      await rm(project, { recursive: true, force: true });
    }
  });

  it("kill -9 of the whole tree during steady produce and consume: every acknowledged send is delivered at least once", async (t) => {
    const project = await copyFixture("queues");
    try {
      const dev = await OutpostDev.start([project]);
      const acknowledged: number[] = [];
      let killed = false;
      let next = 0;
      const sender = async () => {
        while (!killed) {
          const n = next++;
          try {
            await send(dev, { body: { tag: "steady", n } });
            if (!killed) acknowledged.push(n);
          } catch {
            return;
          }
        }
      };
      const senders = Array.from({ length: 8 }, sender);
      await until(() => acknowledged.length >= SENDS_BEFORE_KILL, () => `${SENDS_BEFORE_KILL} sends to be acknowledged (${acknowledged.length} so far)`, { timeoutMs: 60_000 });
      await dev.kill();
      killed = true;
      await Promise.all(senders);
      const beforeKill = tagged(dev, "steady");
      t.diagnostic(`${acknowledged.length} sends acknowledged and ${beforeKill.length} deliveries logged before SIGKILL`);

      const restarted = await OutpostDev.start([project]);
      try {
        const delivered = () => new Set([...beforeKill, ...tagged(restarted, "steady")].map((delivery) => (delivery.body as { n: number }).n));
        await until(() => {
          const numbers = delivered();
          return acknowledged.every((n) => numbers.has(n));
        }, "every acknowledged message", DELIVERY_PATIENCE);
        const all = [...beforeKill, ...tagged(restarted, "steady")];
        t.diagnostic(`${all.length - delivered().size} duplicate deliveries of ${delivered().size} messages`);
      } finally {
        await restarted.kill();
      }
    } finally {
      await rm(project, { recursive: true, force: true });
    }
  });

  it("kill -9 while the consumer holds a batch: redelivered after restart with the same id and timestamp, attempts 2", async () => {
    const project = await copyFixture("queues");
    try {
      const dev = await OutpostDev.start([project]);
      let first: Delivery;
      try {
        await send(dev, { body: { tag: "leased", action: "hang-first" } });
        [first] = (await waitForTagged(dev, "leased")) as [Delivery];
      } finally {
        await dev.kill();
      }
      const restarted = await OutpostDev.start([project]);
      try {
        const [again] = await waitForTagged(restarted, "leased");
        assert.equal(again!.id, first.id);
        assert.equal(again!.ts, first.ts);
        assert.equal(again!.attempts, 2);
        await quiet();
        assert.equal(tagged(restarted, "leased").length, 1, "acknowledged on its second attempt, yet delivered again");
      } finally {
        await restarted.kill();
      }
    } finally {
      await rm(project, { recursive: true, force: true });
    }
  });

  it("Ctrl-C with delayed messages waiting: they are delivered after restart", async () => {
    await withRunningCopy(async (dev, project) => {
      await sendBatch(dev, [0, 1, 2].map((n) => ({ body: { tag: "stopped", n } })), { delaySeconds: 2 });
      await dev.stop();
      const restarted = await OutpostDev.start([project]);
      try {
        const found = await waitForTagged(restarted, "stopped", 3);
        assert.deepEqual(found.map((delivery) => (delivery.body as { n: number }).n).sort(), [0, 1, 2]);
        assert.deepEqual(found.map((delivery) => delivery.attempts), [1, 1, 1]);
        assert.deepEqual(tagged(dev, "stopped"), []);
      } finally {
        await restarted.kill();
      }
    });
  });
});

describe("Queues: a queue shared by two projects", () => {
  let producer: string;
  let consumer: string;
  let persistTo: string;
  let dev: OutpostDev;
  before(async () => {
    producer = await copyFixture("queues");
    consumer = await copyFixture("queues-consumer");
    persistTo = await mkdtemp(path.join(os.tmpdir(), "outpost-queues-persist-"));
    dev = await OutpostDev.start(["-c", producer, "-c", consumer, "--persist-to", persistTo]);
  });
  after(async () => {
    await dev?.kill();
    await Promise.all([producer, consumer, persistTo].map((directory) => rm(directory, { recursive: true, force: true })));
  });

  it("a producer in one project feeds the consumer declared in the other", async () => {
    const body = { tag: "handoff", from: "queues" };
    await send(dev, { binding: "HANDOFF", body });
    const [delivery] = await waitForTagged(dev, "handoff");
    assert.equal(delivery!.worker, "queues-consumer");
    assert.equal(delivery!.queue, "handoff");
    assert.equal(delivery!.attempts, 1);
    assert.deepEqual(delivery!.body, body);
  });

  it("the producing project's own consumer still gets its own queue", async () => {
    await send(dev, { body: { tag: "own-queue" } });
    const [delivery] = await waitForTagged(dev, "own-queue");
    assert.equal(delivery!.worker, "queues");
    assert.equal(delivery!.queue, "jobs");
    await quiet();
    assert.deepEqual(
      deliveries(dev).map((found) => `${found.worker}:${found.queue}`),
      ["queues-consumer:handoff", "queues:jobs"],
    );
  });
});
