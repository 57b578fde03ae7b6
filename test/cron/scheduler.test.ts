import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { TickLease } from "../../src/services/cron/index.js";
import { copyFixture, useRunningCopy } from "../helpers/fixture-copy.js";
import { freePorts, type OutpostDev, runOutpost } from "../helpers/outpost-cli.js";

/** The scheduler's clock runs this many times faster in these tests: a minute a second. */
const CLOCK_SCALE = "60";

describe("Cron: the scheduler fires scheduled() on schedule", () => {
  let dev: OutpostDev;
  useRunningCopy("cron", (started) => (dev = started), { env: { OUTPOST_TEST_CLOCK_SCALE: CLOCK_SCALE } });

  it("* * * * *: fires with its cron and a scheduledTime at the start of a minute", async () => {
    const tick = await dev.waitForOutput(/\[cron\] tick \* \* \* \* \* at (\d+)/);
    assert.equal(Number(tick[1]) % 60_000, 0);
  });

  it("a handler that throws is logged with its stack and later ticks still fire", async () => {
    await dev.waitForOutput(/scheduled handler failed on purpose[\s\S]*?src\/index\.ts:\d+:\d+/);
    await dev.waitForOutput(/Cron "\*\/2 \* \* \* \*" ran cron's scheduled\(\)[^\n]*: exception/);
    const from = dev.output.length;
    await dev.waitForOutput(/\[cron\] tick \*\/2 \* \* \* \*/, from);
    await dev.waitForOutput(/\[cron\] tick \* \* \* \* \*/, from);
  });
});

describe("Cron: two processes on one --persist-to", () => {
  let persistTo: string;
  before(async () => {
    persistTo = await mkdtemp(path.join(os.tmpdir(), "outpost-cron-lease-"));
  });
  after(() => rm(persistTo, { recursive: true, force: true }));

  it("TickLease: only the first claim of a tick wins, across connections to the same file", () => {
    const first = new TickLease(persistTo);
    const second = new TickLease(persistTo);
    try {
      assert.equal(first.claim("worker", "* * * * *", 60_000), true);
      assert.equal(second.claim("worker", "* * * * *", 60_000), false);
      assert.equal(second.claim("worker", "* * * * *", 120_000), true);
      assert.equal(first.claim("worker", "* * * * *", 120_000), false);
      assert.equal(first.claim("worker", "0 * * * *", 120_000), true);
    } finally {
      first.close();
      second.close();
    }
  });
});

describe("Cron: bad expressions", () => {
  let project: string;
  before(async () => {
    project = await copyFixture("cron");
    const config = path.join(project, "wrangler.jsonc");
    await writeFile(config, (await readFile(config, "utf8")).replace('"*/2 * * * *"', '"0 25 * * *"'));
  });
  after(() => rm(project, { recursive: true, force: true }));

  it("outpost dev: a bad cron string stops startup, naming the expression and what is wrong", async () => {
    const result = await runOutpost(["dev", project, ...freePorts]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /cron trigger "0 25 \* \* \*": hour field has 25 outside 0-23/);
    assert.doesNotMatch(result.stderr, /at .*dist\/src/);
  });
});
