import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { OutpostDev } from "../helpers/outpost-cli.js";
import { call, create, runs, status, useWorkflowsDev, waitForStatus } from "./workflows-client.js";

describe("Workflows binding: create, get, status and replay through workerd's Workflow API", () => {
  let dev: OutpostDev;
  useWorkflowsDev((started) => (dev = started));

  it("onboarding: fetch, send, sleep a day, send; each step body runs once", async () => {
    const id = await create(dev, "onboarding", { id: "user-1", params: { email: "ada@example.com" } });
    assert.equal(id, "user-1");
    const done = await waitForStatus(dev, "onboarding", id, "complete");
    assert.deepEqual(done.output, {
      welcome: "welcome sent to ada@example.com",
      followUp: "follow-up sent to ada@example.com, who joined 2023-11-14T22:13:20.000Z",
    });
    assert.deepEqual(await runs(dev, id), { "fetch user": 1, "send welcome email": 1, "send follow-up email": 1 });
  });

  it("a class wrapped in a Proxy, as Sentry's instrumentWorkflowWithSentry wraps it: each run goes through the wrapper's run and step", async () => {
    const id = await create(dev, "instrumented", { params: { name: "ada" } });
    const done = await waitForStatus(dev, "instrumented", id, "complete", "errored");
    assert.deepEqual(done.output, { output: "HELLO ADA", traced: ["greet", "shout"] });
  });

  it("create: an id is generated when none is given", async () => {
    const id = await create(dev, "scripted", { params: { ops: [] } });
    assert.match(id, /^[0-9a-f-]{36}$/);
    assert.equal((await waitForStatus(dev, "scripted", id, "complete")).status, "complete");
  });

  it("create: a duplicate id gives Cloudflare's error", async () => {
    await create(dev, "scripted", { id: "twice", params: { ops: [] } });
    const again = await call(dev, "create", { workflow: "scripted" }, { id: "twice", params: { ops: [] } });
    assert.deepEqual(again.error, { name: "Error", message: 'WorkflowError: (instance.already_exists) Workflow instance with id "twice" already exists' });
  });

  it("create: an invalid id gives Cloudflare's error", async () => {
    const answer = await call(dev, "create", { workflow: "scripted" }, { id: "-bad id", params: {} });
    assert.deepEqual(answer.error, { name: "Error", message: "WorkflowError: Workflow instance has invalid id" });
  });

  it("get: an unknown id gives Cloudflare's error", async () => {
    const answer = await call(dev, "status", { workflow: "scripted", id: "nobody" });
    assert.deepEqual(answer.error, { name: "Error", message: "instance.not_found" });
  });

  it("createBatch: creates every instance, skipping ids that exist; an empty batch is refused", async () => {
    await create(dev, "scripted", { id: "batch-existing", params: { ops: [] } });
    const batch = await call<string[]>(dev, "batch", { workflow: "scripted" }, [
      { id: "batch-1", params: { ops: [{ do: "one" }] } },
      { id: "batch-existing", params: { ops: [] } },
      { id: "batch-2", params: { ops: [{ do: "two" }] } },
    ]);
    assert.deepEqual(batch.result, ["batch-1", "batch-2"]);
    for (const id of ["batch-1", "batch-2"]) assert.equal((await waitForStatus(dev, "scripted", id, "complete")).status, "complete");
    const empty = await call(dev, "batch", { workflow: "scripted" }, []);
    assert.deepEqual(empty.error, { name: "Error", message: "WorkflowError: batchCreate should have at least 1 instance" });
  });

  it("status: params and step results keep their structured-clone types across replay", async () => {
    const params = { ops: [{ do: "typed", value: { n: 1 } }, { sleep: "nap", duration: "1 hour" }, { do: "after nap" }] };
    const id = await create(dev, "scripted", { params });
    const done = await waitForStatus(dev, "scripted", id, "complete");
    const [typed] = (done.output as { results: { when: string; map: unknown }[] }).results;
    assert.equal(typed!.when, "1970-01-01T00:00:00.000Z");
    assert.deepEqual(typed!.map, {}, "a Map reaches the test as JSON's {}; in the worker it is a Map again");
    assert.deepEqual(await runs(dev, id), { typed: 1, "after nap": 1 });
  });

  it("status: a fresh instance reports queued or running, then complete with its output", async () => {
    const id = await create(dev, "scripted", { params: { ops: [{ do: "slow", workMs: 300 }] } });
    assert.match((await status(dev, "scripted", id)).status, /^(queued|running)$/);
    const done = await waitForStatus(dev, "scripted", id, "complete");
    assert.equal((done.output as { results: { step: string }[] }).results[0]!.step, "slow");
    assert.equal(done.error, undefined);
  });
});
