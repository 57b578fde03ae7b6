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

  /** A task resource `hang` that runs until it is aborted, counting aborts; any other resource fails with `Boom`. */
  function hangingInvoker(clock: VirtualClock) {
    const seen = { aborted: 0 };
    const invoker: TaskInvoker = async (resource, _input, options) => {
      if (resource !== "hang") {
        await clock.sleep(1000);
        throw new TaskError("Boom", "a sibling failed");
      }
      await new Promise((resolve) => options.signal.addEventListener("abort", resolve));
      seen.aborted++;
      return "never used";
    };
    return { invoker, seen };
  }
  const types = (history: { type: string }[]) => history.map((e) => e.type);

  it("Parallel: a failing branch aborts the others' states in flight (TaskStateAborted, WaitStateAborted) and fails with its own error", async () => {
    const clock = new VirtualClock(0);
    const { invoker, seen } = hangingInvoker(clock);
    const def = singleState({
      Type: "Parallel",
      Branches: [branch("Hang", { Type: "Task", Resource: "hang" }), branch("Nap", { Type: "Wait", Seconds: 3600 }), branch("Fail", { Type: "Task", Resource: "boom" })],
    });
    const { result, history } = await runDefinition(def, {}, { taskInvoker: invoker, clock });
    assert.deepEqual([result.error, result.cause], ["Boom", "a sibling failed"]);
    assert.equal(seen.aborted, 1);
    assert.equal(clock.now(), 1000);
    const events = types(history);
    assert.deepEqual(events.filter((t) => t.endsWith("Aborted")).sort(), ["TaskStateAborted", "WaitStateAborted"]);
    assert.ok(events.indexOf("TaskStateAborted") < events.indexOf("ParallelStateFailed"));
    assert.ok(!events.includes("TaskStateExited") && !events.includes("WaitStateExited"));
    const aborted = history.find((e) => e.type === "TaskStateAborted")!;
    const started = history.find((e) => e.type === "TaskStarted" && e.id < aborted.id)!;
    assert.equal(aborted.previousEventId, started.id);
  });

  it("Map: a failing item aborts the iterations in flight (MapIterationAborted) and the states inside them", async () => {
    const clock = new VirtualClock(0);
    const { invoker } = hangingInvoker(clock);
    const def = singleState({
      Type: "Map",
      ItemProcessor: {
        StartAt: "Route",
        States: {
          Route: { Type: "Choice", Choices: [{ Variable: "$", StringEquals: "bad", Next: "Bad" }], Default: "Work" },
          Work: { Type: "Task", Resource: "hang", End: true },
          Bad: { Type: "Task", Resource: "boom", End: true },
        },
      },
    });
    const { result, history } = await runDefinition(def, ["ok", "bad"], { taskInvoker: invoker, clock });
    assert.equal(result.error, "Boom");
    const iterationEnds = history.filter((e) => e.type.startsWith("MapIteration") && e.type !== "MapIterationStarted");
    assert.deepEqual(
      iterationEnds.map((e) => [e.type, (e.mapIterationAbortedEventDetails ?? e.mapIterationFailedEventDetails) as unknown]),
      [
        ["MapIterationFailed", { name: "S", index: 1 }],
        ["MapIterationAborted", { name: "S", index: 0 }],
      ],
    );
    assert.equal(types(history).filter((t) => t === "TaskStateAborted").length, 1);
    assert.equal(types(history).at(-2), "MapStateFailed");
  });

  it("Parallel: a Parallel in flight in an aborted branch aborts its own branches, then records ParallelStateAborted", async () => {
    const clock = new VirtualClock(0);
    const { invoker, seen } = hangingInvoker(clock);
    const inner = { Type: "Parallel", Branches: [branch("DeepHang", { Type: "Task", Resource: "hang" })] };
    const def = singleState({ Type: "Parallel", Branches: [branch("Inner", inner), branch("Fail", { Type: "Task", Resource: "boom" })] });
    const { history } = await runDefinition(def, {}, { taskInvoker: invoker, clock });
    assert.equal(seen.aborted, 1);
    const events = types(history);
    assert.deepEqual(
      events.filter((t) => t.endsWith("Aborted") || t === "ParallelStateFailed"),
      ["TaskStateAborted", "ParallelStateAborted", "ParallelStateFailed"],
    );
  });

  it("Map: an ItemsPath that is not an array is a States.Runtime error", async () => {
    const { result } = await runDefinition(singleState({ Type: "Map", ItemsPath: "$.a", ItemProcessor: branch("P", { Type: "Pass" }) }), { a: 1 });
    assert.equal(result.error, "States.Runtime");
  });
});
