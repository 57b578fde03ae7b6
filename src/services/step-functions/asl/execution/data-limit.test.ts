import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { StateMachineDefinition } from "../definition-types.js";
import { MAX_PAYLOAD_BYTES } from "../payload-limit.js";
import { runDefinition, singleState } from "../testing/run-definition.js";
import type { TaskInvoker } from "./task-invoker.js";

/** A string over the payload limit by itself. */
const BIG = "x".repeat(MAX_PAYLOAD_BYTES);
/** A string that fits, but not twice. */
const HALF = "x".repeat(MAX_PAYLOAD_BYTES / 2);

const tooLarge = (source: string) => `The state/task '${source}' returned a result with a size exceeding the maximum number of bytes service limit.`;
const types = (history: { type: string }[]) => history.map((e) => e.type);
const handled = { Type: "Pass", Result: "handled", End: true };

describe("States.DataLimitExceeded", () => {
  it("a state's output over the limit fails the execution at once, naming the state (AWS's history: no StateExited)", async () => {
    const { result, history } = await runDefinition(singleState({ Type: "Pass", Result: { Arg1: BIG } }));
    assert.deepEqual([result.status, result.error, result.cause], ["FAILED", "States.DataLimitExceeded", tooLarge("S")]);
    assert.deepEqual(types(history), ["ExecutionStarted", "PassStateEntered", "ExecutionFailed"]);
  });

  it("a task's result over the limit is a TaskFailed the Catch sees, naming the resource; explicit ErrorEquals and States.ALL catch it, States.TaskFailed does not", async () => {
    const invoker: TaskInvoker = async () => ({ body: BIG });
    const withCatch = (errorEquals: string[]) =>
      runDefinition(singleState({ Type: "Task", Resource: "arn:aws:states:::http:invoke", Catch: [{ ErrorEquals: errorEquals, Next: "Handled" }] }, { Handled: handled }), {}, { taskInvoker: invoker });
    const explicit = await withCatch(["States.DataLimitExceeded"]);
    assert.deepEqual(explicit.result.output, "handled");
    const failed = explicit.history.find((e) => e.type === "TaskFailed")!;
    assert.deepEqual(failed.taskFailedEventDetails, { resourceType: "http", resource: "invoke", error: "States.DataLimitExceeded", cause: tooLarge("http") });
    assert.deepEqual((await withCatch(["States.ALL"])).result.output, "handled");
    const unmatched = await withCatch(["States.TaskFailed"]);
    assert.deepEqual([unmatched.result.error, unmatched.result.cause], ["States.DataLimitExceeded", tooLarge("http")]);
  });

  it("a task's result names an Outpost resource by its ARN in the cause, as AWS names a Lambda function's", async () => {
    const { result } = await runDefinition(singleState({ Type: "Task", Resource: "arn:outpost:worker:big" }), {}, { taskInvoker: async () => BIG });
    assert.equal(result.cause, tooLarge("arn:outpost:worker:big"));
  });

  it("a Task's output over the limit after ResultPath is terminal: neither Retry nor Catch, not even by name, handles it", async () => {
    let calls = 0;
    const invoker: TaskInvoker = async () => (calls++, HALF);
    const def = singleState(
      {
        Type: "Task",
        Resource: "r",
        ResultPath: "$.second",
        Retry: [{ ErrorEquals: ["States.ALL"] }],
        Catch: [{ ErrorEquals: ["States.DataLimitExceeded"], Next: "Handled" }, { ErrorEquals: ["States.ALL"], Next: "Handled" }],
      },
      { Handled: handled },
    );
    const { result, history } = await runDefinition(def, { first: HALF }, { taskInvoker: invoker });
    assert.deepEqual([result.status, result.error, result.cause], ["FAILED", "States.DataLimitExceeded", tooLarge("S")]);
    assert.equal(calls, 1);
    assert.deepEqual(types(history).slice(-3), ["TaskStarted", "TaskSucceeded", "ExecutionFailed"]);
  });

  it("a Task's input over the limit after Parameters fails the state before the task is scheduled", async () => {
    let calls = 0;
    const def = singleState(
      { Type: "Task", Resource: "r", Parameters: { "a.$": "$.half", "b.$": "$.half" }, Catch: [{ ErrorEquals: ["States.ALL"], Next: "Handled" }] },
      { Handled: handled },
    );
    const { result, history } = await runDefinition(def, { half: HALF }, { taskInvoker: async () => (calls++, {}) });
    assert.deepEqual([result.error, result.cause], ["States.DataLimitExceeded", "The state/task 'S' has an input with a size exceeding the maximum number of bytes service limit."]);
    assert.equal(calls, 0);
    assert.deepEqual(types(history), ["ExecutionStarted", "TaskStateEntered", "ExecutionFailed"]);
  });

  it("a Map item over the limit after ItemSelector, or a branch's output, fails the Parallel or Map past its own Catch", async () => {
    const selector = singleState(
      { Type: "Map", ItemSelector: { "a.$": "$$.Map.Item.Value", "b.$": "$$.Map.Item.Value" }, ItemProcessor: { StartAt: "P", States: { P: { Type: "Pass", End: true } } }, Catch: [{ ErrorEquals: ["States.ALL"], Next: "Handled" }] },
      { Handled: handled },
    );
    assert.equal((await runDefinition(selector, [HALF])).result.error, "States.DataLimitExceeded");
    const branch = {
      StartAt: "S",
      States: {
        S: {
          Type: "Parallel",
          Branches: [{ StartAt: "Grow", States: { Grow: { Type: "Pass", Result: BIG, End: true } } }],
          Catch: [{ ErrorEquals: ["States.DataLimitExceeded"], Next: "Handled" }],
          End: true,
        },
        Handled: handled,
      },
    } as unknown as StateMachineDefinition;
    const { result } = await runDefinition(branch);
    assert.deepEqual([result.status, result.cause], ["FAILED", tooLarge("Grow")]);
  });
});
