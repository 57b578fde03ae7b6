import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runDefinition, singleState } from "../testing/run-definition.js";
import { VirtualClock } from "./clock.js";
import { TaskError, type TaskInvoker } from "./task-invoker.js";

describe("Parallel and Map", () => {
  const branch = (name: string, state: Record<string, unknown>) => ({ StartAt: name, States: { [name]: { End: true, ...state } } });

  it("Parallel: the output is the array of branch outputs, in order", async () => {
    const def = singleState({
      Type: "Parallel",
      Branches: [branch("A", { Type: "Pass", Result: "a" }), branch("B", { Type: "Wait", Seconds: 1 }), branch("C", { Type: "Pass", InputPath: "$.x" })],
      ResultPath: "$.out",
    });
    const { result, history } = await runDefinition(def, { x: 1 });
    assert.deepEqual(result.output, { x: 1, out: ["a", { x: 1 }, 1] });
    assert.equal(history[2]!.type, "ParallelStateStarted");
    assert.equal(history.at(-3)!.type, "ParallelStateSucceeded");
  });

  it("Parallel: one failing branch fails the state with the branch's error, which Catch sees", async () => {
    const def = singleState(
      {
        Type: "Parallel",
        Branches: [branch("Ok", { Type: "Pass" }), branch("Bad", { Type: "Fail", Error: "BranchError", Cause: "no", End: undefined })],
        Catch: [{ ErrorEquals: ["BranchError"], Next: "Caught" }],
      },
      { Caught: { Type: "Pass", End: true } },
    );
    const { result, history } = await runDefinition(def);
    assert.deepEqual(result.output, { Error: "BranchError", Cause: "no" });
    assert.ok(history.some((e) => e.type === "ParallelStateFailed"));
  });

  it("Map: ItemsPath, ItemSelector with $$.Map.Item, MaxConcurrency, ordered results", async () => {
    const def = singleState({
      Type: "Map",
      ItemsPath: "$.detail.shipped",
      MaxConcurrency: 2,
      ItemSelector: { "parcel.$": "$$.Map.Item.Value", "index.$": "$$.Map.Item.Index", "courier.$": "$.detail.courier" },
      ItemProcessor: { ProcessorConfig: { Mode: "INLINE" }, ...branch("Ship", { Type: "Task", Resource: "ship" }) },
      ResultPath: "$.detail.shipped",
    });
    let running = 0;
    let peak = 0;
    const clock = new VirtualClock(0);
    const invoker: TaskInvoker = async (_r, input) => {
      peak = Math.max(peak, ++running);
      await clock.sleep(1000);
      running--;
      return input;
    };
    const input = { detail: { courier: "UQS", shipped: [{ id: 1 }, { id: 2 }, { id: 3 }] } };
    const { result, history } = await runDefinition(def, input, { taskInvoker: invoker, clock });
    assert.deepEqual(result.output, {
      detail: {
        courier: "UQS",
        shipped: [
          { parcel: { id: 1 }, index: 0, courier: "UQS" },
          { parcel: { id: 2 }, index: 1, courier: "UQS" },
          { parcel: { id: 3 }, index: 2, courier: "UQS" },
        ],
      },
    });
    assert.equal(peak, 2);
    assert.equal(clock.now(), 2000);
    assert.deepEqual((history[2] as Record<string, unknown>).mapStateStartedEventDetails, { length: 3 });
    assert.equal(history.filter((e) => e.type === "MapIterationSucceeded").length, 3);
  });

  it("Map: a failing item fails the state with its error", async () => {
    const def = singleState({ Type: "Map", ItemProcessor: branch("F", { Type: "Choice", Choices: [{ Variable: "$", NumericEquals: 2, Next: "Boom" }], Default: "Ok", End: undefined }) }, {});
    (def.States.S!.ItemProcessor!.States as Record<string, unknown>).Boom = { Type: "Fail", Error: "Two", Cause: "item 2" };
    (def.States.S!.ItemProcessor!.States as Record<string, unknown>).Ok = { Type: "Succeed" };
    const { result } = await runDefinition(def, [1, 2, 3]);
    assert.deepEqual([result.error, result.cause], ["Two", "item 2"]);
  });

  it("Map: tolerated failures keep {Error, Cause} in the results; beyond them States.ExceedToleratedFailureThreshold", async () => {
    const processor = branch("T", { Type: "Task", Resource: "r" });
    const invoker: TaskInvoker = async (_r, input) => {
      if ((input as number) % 2 === 0) throw new TaskError("Even", String(input));
      return input;
    };
    const ok = await runDefinition(singleState({ Type: "Map", ItemProcessor: processor, ToleratedFailureCount: 2 }), [1, 2, 3, 4], { taskInvoker: invoker });
    assert.deepEqual(ok.result.output, [1, { Error: "Even", Cause: "2" }, 3, { Error: "Even", Cause: "4" }]);
    const over = await runDefinition(singleState({ Type: "Map", ItemProcessor: processor, ToleratedFailurePercentage: 25 }), [1, 2, 3, 4], { taskInvoker: invoker });
    assert.equal(over.result.error, "States.ExceedToleratedFailureThreshold");
  });

  it("Map: an ItemsPath that is not an array is a States.Runtime error", async () => {
    const { result } = await runDefinition(singleState({ Type: "Map", ItemsPath: "$.a", ItemProcessor: branch("P", { Type: "Pass" }) }), { a: 1 });
    assert.equal(result.error, "States.Runtime");
  });
});
