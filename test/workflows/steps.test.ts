import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { OutpostDev } from "../helpers/outpost-cli.js";
import { create, describeInstance, runs, sendEvent, useWorkflowsDev, waitForStatus } from "./workflows-client.js";

interface StepResult {
  step: string;
  attempt: number;
  startedAt: number;
  endedAt: number;
}

describe("Workflows steps: retries, errors, timeouts, events, parallelism", () => {
  let dev: OutpostDev;
  let project: string;
  useWorkflowsDev((started, copy) => ((dev = started), (project = copy)));

  const results = async (id: string) => ((await waitForStatus(dev, "scripted", id, "complete")).output as { results: unknown[] }).results;

  it("step.do: retries with each backoff, waiting its delay before each attempt", async () => {
    const backoffs = ["constant", "linear", "exponential"] as const;
    const ids = await Promise.all(
      backoffs.map((backoff) =>
        create(dev, "scripted", { params: { ops: [{ do: "flaky", failTimes: 3, config: { retries: { limit: 3, delay: "1 minute", backoff } } }] } }),
      ),
    );
    const expected = { constant: [60_000, 60_000, 60_000], linear: [60_000, 120_000, 180_000], exponential: [60_000, 120_000, 240_000] };
    for (const [index, backoff] of backoffs.entries()) {
      const id = ids[index]!;
      assert.equal(((await results(id))[0] as StepResult).attempt, 4);
      const [step] = (await describeInstance(project, "scripted", id)).steps;
      assert.deepEqual(step!.attempts.map((attempt) => attempt.retryDelayMs), [...expected[backoff], null]);
      assert.deepEqual(step!.attempts.map((attempt) => attempt.error?.message ?? null), ["flaky failed attempt 1", "flaky failed attempt 2", "flaky failed attempt 3", null]);
      step!.attempts.slice(1).forEach((attempt, n) => {
        const waited = attempt.startedAt - step!.attempts[n]!.startedAt;
        assert.ok(waited >= expected[backoff][n]! * 0.9, `${backoff}: attempt ${n + 2} came ${waited} ms after attempt ${n + 1}`);
      });
      assert.deepEqual(await runs(dev, id), { flaky: 4 });
    }
  });

  it("step.do: once retries run out, the step's last error fails the instance", async () => {
    const id = await create(dev, "scripted", { params: { ops: [{ do: "doomed", failTimes: 9, config: { retries: { limit: 1, delay: 10, backoff: "constant" } } }] } });
    const errored = await waitForStatus(dev, "scripted", id, "errored");
    assert.deepEqual(errored.error, { name: "Error", message: "doomed failed attempt 2" });
    assert.deepEqual(await runs(dev, id), { doomed: 2 });
  });

  it("step.do: a delay or timeout in a word the engine does not know as a unit ('250 millis') counts as ms, as under wrangler dev", async () => {
    const config = { retries: { limit: 1, delay: "250 millis", backoff: "constant" }, timeout: "30000 ms" };
    const id = await create(dev, "scripted", { params: { ops: [{ do: "terse", failTimes: 1, config }] } });
    assert.equal(((await results(id))[0] as StepResult).attempt, 2);
    const [step] = (await describeInstance(project, "scripted", id)).steps;
    assert.deepEqual(step!.attempts.map((attempt) => attempt.retryDelayMs), [250, null]);
  });

  it("NonRetryableError: fails the instance without a retry when run() does not catch it", async () => {
    const id = await create(dev, "scripted", { params: { ops: [{ do: "refuse", failTimes: 1, nonRetryable: true }] } });
    const errored = await waitForStatus(dev, "scripted", id, "errored");
    assert.deepEqual(errored.error, {
      name: "WorkflowFatalError",
      message: "The execution of the Workflow instance was terminated, as a step threw an NonRetryableError and it was not handled",
    });
    assert.deepEqual(await runs(dev, id), { refuse: 1 });
  });

  it("NonRetryableError: run() may catch it and go on", async () => {
    const id = await create(dev, "scripted", { params: { ops: [{ catching: { do: "refuse", failTimes: 1, nonRetryable: true } }, { do: "after" }] } });
    const [caught, after] = (await results(id)) as [{ caught: string }, StepResult];
    assert.equal(caught.caught, "NonRetryableError: refuse refuses");
    assert.equal(after.step, "after");
  });

  it("step.do: an attempt over its timeout fails with WorkflowTimeoutError", async () => {
    const config = { timeout: "200 milliseconds", retries: { limit: 0, delay: 0 } };
    const id = await create(dev, "scripted", { params: { ops: [{ catching: { do: "slow", workMs: 2_000, config } }] } });
    assert.deepEqual((await results(id))[0], { caught: "WorkflowTimeoutError: Execution timed out after 200ms" });
  });

  it("waitForEvent: the instance waits, then takes the event sent to it", async () => {
    const id = await create(dev, "scripted", { params: { ops: [{ do: "before" }, { waitForEvent: "approval", type: "approve", timeout: "365 days" }, { do: "after" }] } });
    await waitForStatus(dev, "scripted", id, "waiting");
    assert.equal((await sendEvent(dev, "scripted", id, "other", { ignored: true })).error, undefined);
    assert.equal((await sendEvent(dev, "scripted", id, "approve", { approved: true })).error, undefined);
    const [, event] = (await results(id)) as [unknown, { type: string; payload: unknown; timestamp: string }];
    assert.equal(event.type, "approve");
    assert.deepEqual(event.payload, { approved: true });
    assert.match(event.timestamp, /^\d{4}-\d\d-\d\dT/);
    assert.deepEqual(await runs(dev, id), { before: 1, after: 1 });
  });

  it("waitForEvent: an event sent before the wait is kept for it", async () => {
    const id = await create(dev, "scripted", { params: { ops: [{ sleep: "first", duration: "1 hour" }, { waitForEvent: "approval", type: "approve" }] } });
    await sendEvent(dev, "scripted", id, "approve", "early");
    const [, event] = (await results(id)) as [unknown, { payload: unknown }];
    assert.equal(event.payload, "early");
  });

  it("waitForEvent: with no event by its timeout it throws WorkflowTimeoutError", async () => {
    const id = await create(dev, "scripted", { params: { ops: [{ catching: { waitForEvent: "approval", type: "approve", timeout: "1 hour" } }] } });
    assert.deepEqual((await results(id))[0], { caught: "WorkflowTimeoutError: Execution timed out after 3600000ms" });
  });

  it("Promise.all over steps runs them concurrently, each persisted", async () => {
    const parallel = ["a", "b", "c"].map((name) => ({ do: name, workMs: 400 }));
    const id = await create(dev, "scripted", { params: { ops: [{ parallel }, { sleep: "replay", duration: "1 hour" }] } });
    const [steps] = (await results(id)) as [StepResult[]];
    const latestStart = Math.max(...steps.map((step) => step.startedAt));
    const earliestEnd = Math.min(...steps.map((step) => step.endedAt));
    assert.ok(latestStart < earliestEnd, `steps ran one after another: ${JSON.stringify(steps)}`);
    assert.deepEqual(await runs(dev, id), { a: 1, b: 1, c: 1 });
  });

  it("step.do: a result over 1 MiB fails the step without a retry", async () => {
    const id = await create(dev, "scripted", { params: { ops: [{ catching: { do: "big", size: 1024 * 1024 } }, { do: "small", size: 1000 }] } });
    const [caught, small] = (await results(id)) as [{ caught: string }, StepResult & { value: string }];
    assert.equal(caught.caught, "WorkflowFatalError: Step big-1 output is too large. Maximum allowed size is 1MiB.");
    assert.equal(small.value.length, 1000);
    assert.deepEqual(await runs(dev, id), { big: 1, small: 1 });
  });

  it("sleepUntil: a time in the past throws", async () => {
    const id = await create(dev, "scripted", { params: { ops: [{ catching: { sleepUntil: "yesterday", at: 0 } }] } });
    assert.deepEqual((await results(id))[0], { caught: "Error: You can't sleep until a time in the past, time-traveler" });
  });
});
