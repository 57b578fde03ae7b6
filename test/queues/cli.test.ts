import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import { after, before, describe, it } from "node:test";
import { copyFixture } from "../helpers/fixture-copy.js";
import { failed, OutpostDev, runOutpost, succeeded } from "../helpers/outpost-cli.js";

interface ListRow {
  queue: string;
  messages: number;
  producers: string[];
  consumer: string | null;
}

describe("outpost queues", () => {
  let project: string;
  const queues = (...args: string[]) => runOutpost(["queues", ...args, "-c", project]);
  const list = async () => JSON.parse(await succeeded(queues("list", "--json"))) as ListRow[];

  before(async () => {
    project = await copyFixture("queues");
    const dev = await OutpostDev.start([project]);
    try {
      for (const n of [1, 2, 3]) {
        // Delayed past the test's length, so the messages stay in the backlog.
        const response = await dev.fetch("/send", { method: "POST", body: JSON.stringify({ body: { n }, delaySeconds: 60 }) });
        assert.deepEqual(await response.json(), { ok: true });
      }
      // Beside the running dev: reading must neither wait on it nor disturb it.
      assert.equal((await list()).find((row) => row.queue === "jobs")?.messages, 3);
    } finally {
      await dev.stop();
    }
  });
  after(() => rm(project, { recursive: true, force: true }));

  it("lists every configured queue with its backlog, producers and consumer", async () => {
    assert.deepEqual(await list(), [
      { queue: "jobs", messages: 3, producers: ["JOBS"], consumer: "queues" },
      { queue: "other", messages: 0, producers: ["OTHER"], consumer: "queues" },
      { queue: "handoff", messages: 0, producers: ["HANDOFF"], consumer: null },
      { queue: "jobs-dlq", messages: 0, producers: [], consumer: "queues" },
    ]);
    const table = await succeeded(queues("list"));
    assert.match(table, /^Queue\s+Messages\s+Producers\s+Consumer$/m);
    assert.match(table, /^jobs\s+3\s+JOBS\s+queues$/m);
    assert.match(table, /^handoff\s+0\s+HANDOFF\s+-$/m);
  });

  it("shows a queue's backlog and consumer settings", async () => {
    const info = JSON.parse(await succeeded(queues("info", "jobs", "--json")));
    assert.equal(info.backlog_count, 3);
    assert.ok(info.backlog_bytes > 0);
    assert.ok(Date.now() - Date.parse(info.oldest_message) < 120_000);
    assert.deepEqual(info.producers, ["JOBS"]);
    assert.deepEqual(info.consumer, {
      worker: "queues",
      max_batch_size: 5,
      max_batch_timeout: 1,
      max_retries: 2,
      retry_delay: 0,
      dead_letter_queue: "jobs-dlq",
    });
    assert.match(await succeeded(queues("info", "handoff")), /^consumer\s+-$/m);
  });

  it("refuses info on a queue it does not know, naming the known ones", async () => {
    const stderr = await failed(queues("info", "nope"));
    assert.match(stderr, /✘ No queue "nope" .*Known queues: jobs, other, handoff, jobs-dlq\./);
  });

  it("creates a queue that list then shows, and refuses to create it twice", async () => {
    assert.match(await succeeded(queues("create", "reports")), /Created queue "reports"\. Queues exist implicitly/);
    assert.deepEqual(
      (await list()).find((row) => row.queue === "reports"),
      { queue: "reports", messages: 0, producers: [], consumer: null },
    );
    assert.match(await failed(queues("create", "reports")), /✘ Queue "reports" already exists\./);
    assert.match(await failed(queues("create", "jobs")), /✘ Queue "jobs" already exists\./);
  });

  it("refuses to purge without a terminal or --force, keeping the messages", async () => {
    assert.match(await failed(queues("purge", "jobs")), /✘ Refusing to purge queue "jobs" without confirmation.*Pass --force/);
    assert.equal((await list()).find((row) => row.queue === "jobs")?.messages, 3);
  });

  it("purges with --force and prints the count", async () => {
    assert.equal(await succeeded(queues("purge", "jobs", "--force")), 'Purged 3 messages from queue "jobs".\n');
    assert.equal((await list()).find((row) => row.queue === "jobs")?.messages, 0);
  });

  it("deletes a created queue with --force, and refuses without it", async () => {
    assert.match(await failed(queues("delete", "reports")), /✘ Refusing to delete queue "reports" without confirmation.*--force/);
    assert.deepEqual(JSON.parse(await succeeded(queues("delete", "reports", "--force", "--json"))), {
      ok: true,
      queue: "reports",
      deleted_messages: 0,
    });
    assert.equal((await list()).find((row) => row.queue === "reports"), undefined);
  });

  it("explains that consumers come from a worker's config", async () => {
    const stderr = await failed(queues("consumer", "add", "jobs", "some-worker", "--batch-size", "3"));
    assert.match(stderr, /queues\.consumers/);
    assert.match(stderr, /"queue": "jobs"/);
    assert.match(await failed(queues("consumer", "remove", "jobs")), /delete its entry/);
  });
});
