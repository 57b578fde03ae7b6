import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import { after, before, describe, it } from "node:test";
import { copyFixture } from "../helpers/fixture-copy.js";
import { OutpostDev } from "../helpers/outpost-cli.js";
import { call, executionArnOf, finished, kv } from "./sfn-client.js";

/** Outpost's clocks run 600 times faster: a 600-second Wait takes a second. */
const env = { OUTPOST_TEST_CLOCK_SCALE: "600" };

describe("Step Functions STANDARD durability", () => {
  let project: string;
  let dev: OutpostDev | undefined;
  before(async () => {
    project = await copyFixture("step-functions");
    dev = await OutpostDev.start([project], { env });
  });
  after(async () => {
    await dev?.kill();
    await rm(project, { recursive: true, force: true });
  });

  it("Wait: a 600-second wait passes on the test clock and the execution goes on", async () => {
    const { result } = await call(dev!, "WAITER", "start", {});
    const started = Date.now();
    const done = await finished(dev!, result.executionArn);
    assert.deepEqual([done.status, JSON.parse(done.output)], ["SUCCEEDED", { woke: true }]);
    assert.ok(Date.now() - started < 10_000);
    assert.ok(new Date(done.stopDate).getTime() - new Date(done.startDate).getTime() >= 600_000);
  });

  it("SIGKILL mid-Task: after a restart the execution resumes, and no completed Task runs again", async () => {
    const arn = executionArnOf("slow", "crash-1");
    await call(dev!, "SLOW", "start", {}, { name: "crash-1" });
    await dev!.waitForOutput(/task slow run 1/);
    await dev!.kill();
    dev = await OutpostDev.start([project], { env });
    const done = await finished(dev, arn);
    assert.equal(done.status, "SUCCEEDED", done.cause);
    assert.deepEqual(JSON.parse(done.output), { first: { step: "first" }, second: { slow: true }, third: { step: "third" } });
    // First completed before the crash and is not run again; Second was in flight and runs again.
    assert.deepEqual([await kv(dev, "count:first"), await kv(dev, "count:slow"), await kv(dev, "count:third")], ["1", "2", "1"]);
    const history = await call(dev, "SLOW", "describe", arn);
    assert.equal(history.result.status, "SUCCEEDED");
  });
});
