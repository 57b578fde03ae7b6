import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { OutpostDev } from "../helpers/outpost-cli.js";
import { create, operate, runs, sendEvent, status, useWorkflowsDev, waitForStatus } from "./workflows-client.js";

const WAIT_FOR_GO = [{ do: "before" }, { waitForEvent: "go", type: "go", timeout: "365 days" }, { do: "after" }];

describe("Workflows lifecycle: pause, resume, terminate, restart", () => {
  let dev: OutpostDev;
  useWorkflowsDev((started) => (dev = started));

  it("pause: a waiting instance stays paused, even when its event comes, until resumed", async () => {
    const id = await create(dev, "scripted", { params: { ops: WAIT_FOR_GO } });
    await waitForStatus(dev, "scripted", id, "waiting");
    assert.equal((await operate(dev, "scripted", id, "pause")).error, undefined);
    assert.equal((await status(dev, "scripted", id)).status, "paused");
    await sendEvent(dev, "scripted", id, "go", null);
    assert.equal((await status(dev, "scripted", id)).status, "paused");
    assert.deepEqual(await runs(dev, id), { before: 1 });
    assert.equal((await operate(dev, "scripted", id, "resume")).error, undefined);
    await waitForStatus(dev, "scripted", id, "complete");
    assert.deepEqual(await runs(dev, id), { before: 1, after: 1 });
  });

  it("pause: a running instance pauses once its current step ends, keeping that step's result", async () => {
    const id = await create(dev, "scripted", { params: { ops: [{ do: "long", workMs: 600 }, { do: "next" }] } });
    await waitForStatus(dev, "scripted", id, "running");
    await operate(dev, "scripted", id, "pause");
    assert.match((await status(dev, "scripted", id)).status, /^(waitingForPause|paused)$/);
    await waitForStatus(dev, "scripted", id, "paused");
    assert.deepEqual(await runs(dev, id), { long: 1 });
    await operate(dev, "scripted", id, "resume");
    await waitForStatus(dev, "scripted", id, "complete");
    assert.deepEqual(await runs(dev, id), { long: 1, next: 1 });
  });

  it("resume: an instance that is not paused gives Cloudflare's error", async () => {
    const id = await create(dev, "scripted", { params: { ops: [] } });
    await waitForStatus(dev, "scripted", id, "complete");
    assert.deepEqual((await operate(dev, "scripted", id, "resume")).error, {
      name: "Error",
      message: 'WorkflowError: (instance.cannot_resume) Cannot resume instance with status "complete"',
    });
  });

  it("terminate: a waiting instance ends at once and never runs its next step; a finished one cannot be terminated", async () => {
    const id = await create(dev, "scripted", { params: { ops: WAIT_FOR_GO } });
    await waitForStatus(dev, "scripted", id, "waiting");
    assert.equal((await operate(dev, "scripted", id, "terminate")).error, undefined);
    assert.equal((await status(dev, "scripted", id)).status, "terminated");
    await sendEvent(dev, "scripted", id, "go", null);
    assert.equal((await status(dev, "scripted", id)).status, "terminated");
    assert.deepEqual(await runs(dev, id), { before: 1 });
    assert.deepEqual((await operate(dev, "scripted", id, "terminate")).error, {
      name: "Error",
      message: "WorkflowError: (instance.cannot_terminate) Cannot terminate instance since its on a finite state",
    });
  });

  it("terminate: a running instance stops; the step it was in does not complete it", async () => {
    const id = await create(dev, "scripted", { params: { ops: [{ do: "long", workMs: 600 }, { do: "next" }] } });
    await waitForStatus(dev, "scripted", id, "running");
    await operate(dev, "scripted", id, "terminate");
    assert.equal((await status(dev, "scripted", id)).status, "terminated");
    await new Promise((resolve) => setTimeout(resolve, 800));
    assert.equal((await status(dev, "scripted", id)).status, "terminated");
    assert.deepEqual(await runs(dev, id), { long: 1 });
  });

  it("restart: runs the instance again from the start, its steps' results discarded", async () => {
    const id = await create(dev, "scripted", { params: { ops: [{ do: "only" }] } });
    await waitForStatus(dev, "scripted", id, "complete");
    assert.equal((await operate(dev, "scripted", id, "restart")).error, undefined);
    await waitForStatus(dev, "scripted", id, "complete");
    assert.deepEqual(await runs(dev, id), { only: 2 });
  });
});
