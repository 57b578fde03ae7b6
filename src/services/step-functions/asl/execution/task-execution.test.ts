import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Json, StateMachineDefinition } from "../definition-types.js";
import { runDefinition, singleState } from "../testing/run-definition.js";
import { VirtualClock } from "./clock.js";
import { TaskError, type TaskInvoker } from "./task-invoker.js";

describe("Task", () => {
  it("Task: ResultSelector, ResultPath and OutputPath shape the result", async () => {
    const def = singleState({
      Type: "Task",
      Resource: "worker:lambda",
      Parameters: { "FunctionName.$": "$.fn" },
      ResultSelector: { "payload.$": "$.Payload", "status.$": "$.StatusCode" },
      ResultPath: "$.taskresult",
    });
    const invoker: TaskInvoker = async (_r, input) => ({ Payload: { got: input }, StatusCode: 200, Extra: "dropped" });
    const { result } = await runDefinition(def, { fn: "f" }, { taskInvoker: invoker });
    assert.deepEqual(result.output, { fn: "f", taskresult: { payload: { got: { FunctionName: "f" } }, status: 200 } });
  });

  it("Retry: backs off 1 s, 2 s, 4 s on the injected clock, with $$.State.RetryCount", async () => {
    const clock = new VirtualClock(0);
    const calls: { at: number; retry: Json }[] = [];
    const invoker: TaskInvoker = async (_r, input) => {
      calls.push({ at: clock.now(), retry: (input as { n: Json }).n });
      if (calls.length < 4) throw new TaskError("Busy", "try later");
      return "ok";
    };
    const def = singleState({ Type: "Task", Resource: "r", Parameters: { "n.$": "$$.State.RetryCount" }, Retry: [{ ErrorEquals: ["Busy"] }] });
    const { result, history } = await runDefinition(def, {}, { taskInvoker: invoker, clock });
    assert.equal(result.status, "SUCCEEDED");
    assert.deepEqual(calls, [
      { at: 0, retry: 0 },
      { at: 1000, retry: 1 },
      { at: 3000, retry: 2 },
      { at: 7000, retry: 3 },
    ]);
    assert.equal(history.filter((e) => e.type === "TaskFailed").length, 3);
    assert.equal(history.filter((e) => e.type === "TaskStateEntered").length, 1);
  });

  it("Retry: attempts are kept per retrier across visits of the state", async () => {
    let calls = 0;
    const invoker: TaskInvoker = async (resource) => {
      if (resource === "count") return null;
      calls++;
      throw new TaskError("E", "");
    };
    const def = {
      StartAt: "T",
      States: {
        T: { Type: "Task", Resource: "fail", Retry: [{ ErrorEquals: ["E"], MaxAttempts: 2, IntervalSeconds: 1 }], Catch: [{ ErrorEquals: ["E"], ResultPath: null, Next: "Again" }], Next: "End" },
        Again: { Type: "Choice", Choices: [{ Variable: "$.looped", IsPresent: true, Next: "End" }], Default: "Mark" },
        Mark: { Type: "Pass", Result: true, ResultPath: "$.looped", Next: "T" },
        End: { Type: "Succeed" },
      },
    } as unknown as StateMachineDefinition;
    const { result } = await runDefinition(def, {}, { taskInvoker: invoker });
    assert.equal(result.status, "SUCCEEDED");
    assert.equal(calls, 4, "3 calls on the first visit, 1 on the second (the retrier is spent)");
  });

  it("Catch: the first matching catcher wins and ResultPath places {Error, Cause}", async () => {
    const def = singleState(
      {
        Type: "Task",
        Resource: "r",
        Catch: [
          { ErrorEquals: ["Other"], Next: "Wrong" },
          { ErrorEquals: ["CustomError", "States.TaskFailed"], ResultPath: "$.error", Next: "Handled" },
          { ErrorEquals: ["States.ALL"], Next: "Wrong" },
        ],
      },
      { Handled: { Type: "Pass", End: true }, Wrong: { Type: "Fail" } },
    );
    const invoker: TaskInvoker = async () => {
      throw new TaskError("CustomError", "This is a custom error!");
    };
    const { result, history } = await runDefinition(def, { a: 1 }, { taskInvoker: invoker });
    assert.deepEqual(result.output, { a: 1, error: { Error: "CustomError", Cause: "This is a custom error!" } });
    assert.deepEqual(
      history.map((e) => e.type),
      ["ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskFailed", "TaskStateExited", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"],
    );
  });

  it("Catch: States.ALL does not catch States.Runtime; JSONPath Assign in a catcher reads {Error, Cause}", async () => {
    const def = singleState(
      { Type: "Task", Resource: "r", Parameters: { "x.$": "$.missing" }, Catch: [{ ErrorEquals: ["States.ALL"], Next: "C" }] },
      { C: { Type: "Pass", End: true } },
    );
    assert.equal((await runDefinition(def, {})).result.error, "States.Runtime");
    const caught = singleState(
      { Type: "Task", Resource: "r", Catch: [{ ErrorEquals: ["States.ALL"], Assign: { "why.$": "$.Cause" }, ResultPath: null, Next: "C" }] },
      { C: { Type: "Pass", Parameters: { "why.$": "$why" }, End: true } },
    );
    const invoker: TaskInvoker = async () => {
      throw new TaskError("E", "the cause");
    };
    assert.deepEqual((await runDefinition(caught, {}, { taskInvoker: invoker })).result.output, { why: "the cause" });
  });

  it("Retry: exhausted retries go to the catcher; TimeoutSecondsPath comes from the input", async () => {
    const clock = new VirtualClock(0);
    let calls = 0;
    const def = singleState(
      {
        Type: "Task",
        Resource: "r",
        TimeoutSecondsPath: "$.timeout",
        Retry: [{ ErrorEquals: ["States.Timeout"], MaxAttempts: 2, IntervalSeconds: 1, BackoffRate: 1 }],
        Catch: [{ ErrorEquals: ["States.Timeout"], Next: "C" }],
      },
      { C: { Type: "Pass", End: true } },
    );
    const invoker: TaskInvoker = (_r, _i, { signal }) => {
      calls++;
      return new Promise((_, reject) => signal.addEventListener("abort", () => reject(new Error("aborted"))));
    };
    const { result } = await runDefinition(def, { timeout: 2 }, { taskInvoker: invoker, clock });
    assert.deepEqual([result.output, calls, clock.now()], [{ Error: "States.Timeout", Cause: "" }, 3, 8000]);
  });

  it("Task: TimeoutSeconds raises States.Timeout, which States.TaskFailed does not catch", async () => {
    const clock = new VirtualClock(0);
    const def = singleState(
      { Type: "Task", Resource: "r", TimeoutSeconds: 5, Catch: [{ ErrorEquals: ["States.TaskFailed"], Next: "X" }, { ErrorEquals: ["States.Timeout"], Next: "T" }] },
      { X: { Type: "Fail", Error: "wrong" }, T: { Type: "Pass", End: true } },
    );
    const invoker: TaskInvoker = (_r, _i, { signal }) => new Promise((_, reject) => signal.addEventListener("abort", () => reject(new Error("aborted"))));
    const { result, history } = await runDefinition(def, {}, { taskInvoker: invoker, clock });
    assert.deepEqual(result.output, { Error: "States.Timeout", Cause: "" });
    assert.equal(clock.now(), 5000);
    assert.ok(history.some((e) => e.type === "TaskTimedOut"));
  });

  it("Task: HeartbeatSeconds fails a task that stops heartbeating", async () => {
    const clock = new VirtualClock(0);
    const invoker: TaskInvoker = async (_r, _i, { heartbeat }) => {
      await clock.sleep(2000);
      heartbeat();
      await clock.sleep(2000);
      heartbeat();
      await clock.sleep(10_000);
      return "late";
    };
    const { result } = await runDefinition(singleState({ Type: "Task", Resource: "r", HeartbeatSeconds: 3, TimeoutSeconds: 100 }), {}, { taskInvoker: invoker, clock });
    assert.equal(result.error, "States.HeartbeatTimeout");
    assert.equal(clock.now(), 7000);
  });

  it("Task: .waitForTaskToken resources get $$.Task.Token", async () => {
    let seen: unknown;
    const invoker: TaskInvoker = async (_r, input, { taskToken }) => {
      seen = { input, taskToken };
      return "ok";
    };
    await runDefinition(singleState({ Type: "Task", Resource: "queue:jobs.waitForTaskToken", Parameters: { "token.$": "$$.Task.Token" } }), {}, { taskInvoker: invoker });
    assert.deepEqual(seen, { input: { token: "00000000-0000-4000-8000-000000000001" }, taskToken: "00000000-0000-4000-8000-000000000001" });
  });

  it("Task: an error thrown as a plain Error is reported by its name and message", async () => {
    const { result } = await runDefinition(singleState({ Type: "Task", Resource: "r" }), {}, {
      taskInvoker: async () => {
        throw new TypeError("bad thing");
      },
    });
    assert.deepEqual([result.error, result.cause], ["TypeError", "bad thing"]);
  });
});
