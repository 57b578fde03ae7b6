import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { Json } from "../asl/definition-types.js";
import { unhandledRejectionsDuring } from "../../../../test/helpers/unhandled-rejections.js";
import { StepFunctionsService } from "./step-functions-service.js";
import type { TaskTargets } from "./task-resources.js";

/** A worker target that counts calls per item and never answers for the items in `hang`. */
function countingWorker(calls: Map<string, number>, hang: Set<string>): TaskTargets {
  return {
    invokeWorker: async (_service, input) => {
      const key = JSON.stringify(input);
      calls.set(key, (calls.get(key) ?? 0) + 1);
      if (hang.has(key)) return new Promise(() => {});
      return { status: 200, body: JSON.stringify({ done: input as Json }) };
    },
    sendToQueue: async () => {},
  };
}

const MAP_OF_TASKS = JSON.stringify({
  StartAt: "Before",
  States: {
    Before: { Type: "Pass", Next: "Fan" },
    Fan: {
      Type: "Map",
      ItemsPath: "$.items",
      MaxConcurrency: 2,
      ItemProcessor: {
        StartAt: "Work",
        States: { Work: { Type: "Task", Resource: "arn:outpost:worker:w", End: true } },
      },
      Next: "Both",
    },
    Both: {
      Type: "Parallel",
      Branches: [
        { StartAt: "Left", States: { Left: { Type: "Task", Resource: "arn:outpost:worker:w", Parameters: { side: "left" }, End: true } } },
        { StartAt: "Right", States: { Right: { Type: "Task", Resource: "arn:outpost:worker:w", Parameters: { side: "right" }, End: true } } },
      ],
      End: true,
    },
  },
});

/** Polls `done` every 5 ms, failing after 10 s. */
async function until(what: string, done: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe("StandardExecution recovery", () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "sfn-recovery-"));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it("Map and Parallel: a new service over the journal finishes the execution without re-running finished iterations", async (t) => {
    const calls = new Map<string, number>();
    const first = new StepFunctionsService({ persistTo: dir, targets: countingWorker(calls, new Set(["3", '{"side":"right"}'])) });
    t.after(() => first.close());
    await first.start();
    const { stateMachineArn } = await first.createStateMachine({ name: "fan", definition: MAP_OF_TASKS });
    const { executionArn } = await first.startExecution({ stateMachineArn, name: "run-1", input: JSON.stringify({ items: [1, 2, 3, 4, 5] }) });
    // Items 1 and 2 finish, 3 hangs (the "crash" comes while it runs), 4 and 5 finish beside it.
    const succeeded = async () => (await first.getExecutionHistory({ executionArn, maxResults: 1000 })).events.filter((e) => e.type === "MapIterationSucceeded").length;
    await until("four iterations succeed", async () => (await succeeded()) >= 4);

    const second = new StepFunctionsService({ persistTo: dir, targets: countingWorker(calls, new Set()) });
    t.after(() => second.close());
    await second.start();
    await until("the execution ends", async () => (await second.describeExecution({ executionArn })).status !== "RUNNING");
    const described = await second.describeExecution({ executionArn });
    assert.equal(described.status, "SUCCEEDED", described.cause);
    assert.deepEqual(JSON.parse(described.output!), [{ done: { side: "left" } }, { done: { side: "right" } }]);
    assert.deepEqual(Object.fromEntries(calls), { "1": 1, "2": 1, "3": 2, "4": 1, "5": 1, '{"side":"left"}': 1, '{"side":"right"}': 1 });
    const { events } = await second.getExecutionHistory({ executionArn, maxResults: 1000 });
    assert.equal(events.filter((e) => e.type === "MapIterationSucceeded").length, 5);
    assert.deepEqual(events.map((e) => e.id), events.map((_, i) => i + 1));
  });

  it("Parallel: a failing branch aborts the other's Task in flight, journalled as TaskStateAborted before ParallelStateFailed", async (t) => {
    const failRight: TaskTargets = {
      invokeWorker: async (_service, input) =>
        (input as { side: string }).side === "left" ? new Promise(() => {}) : { status: 500, body: JSON.stringify({ error: "Right.Failed", cause: "no" }) },
      sendToQueue: async () => {},
    };
    const service = new StepFunctionsService({ persistTo: dir, targets: failRight });
    t.after(() => service.close());
    await service.start();
    const both = JSON.parse(MAP_OF_TASKS).States.Both;
    const { stateMachineArn } = await service.createStateMachine({ name: "both", definition: JSON.stringify({ StartAt: "Both", States: { Both: both } }) });
    const { executionArn } = await service.startExecution({ stateMachineArn, name: "run-1" });
    await until("the execution ends", async () => (await service.describeExecution({ executionArn })).status !== "RUNNING");
    const described = await service.describeExecution({ executionArn });
    assert.deepEqual([described.status, described.error], ["FAILED", "Right.Failed"]);
    const { events } = await service.getExecutionHistory({ executionArn, maxResults: 1000 });
    const types = events.map((e) => e.type);
    assert.equal(types.filter((type) => type === "TaskStateAborted").length, 1);
    assert.ok(types.indexOf("TaskStateAborted") < types.indexOf("ParallelStateFailed"));
    assert.deepEqual(events.map((e) => e.id), events.map((_, i) => i + 1));
  });
});

describe("StepFunctionsService: the CLI's requests", () => {
  it("a poll for them that fails is warned about, is never an unhandled rejection, and the next poll takes them", async (t) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "sfn-requests-"));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const warnings: string[] = [];
    const service = new StepFunctionsService({ persistTo: dir, warn: (message) => warnings.push(message) });
    t.after(() => service.close());
    await service.start();
    const definition = JSON.stringify({ StartAt: "Wait", States: { Wait: { Type: "Wait", Seconds: 3600, End: true } } });
    const { stateMachineArn } = await service.createStateMachine({ name: "waits", definition });
    const { executionArn } = await service.startExecution({ stateMachineArn, name: "run-1" });
    const takeRequests = service.store.takeRequests.bind(service.store);
    let failures = 1;
    service.store.takeRequests = () => (failures-- > 0 ? Promise.reject(new Error("database is locked")) : takeRequests());

    const cli = new StepFunctionsService({ persistTo: dir, detached: true });
    t.after(() => cli.close());
    const unhandled = await unhandledRejectionsDuring(() => cli.stopExecution({ executionArn, error: "Stopped.ByHand" }));
    assert.deepEqual(unhandled, []);
    assert.deepEqual(warnings, ["Could not take the Step Functions CLI's requests, trying again: database is locked"]);
    const described = await service.describeExecution({ executionArn });
    assert.deepEqual([described.status, described.error], ["ABORTED", "Stopped.ByHand"]);
  });
});
