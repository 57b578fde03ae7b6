import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Json, StateMachineDefinition } from "../definition-types.js";
import { runDefinition, singleState } from "../testing/run-definition.js";
import { VirtualClock } from "./clock.js";
import { ExpressExecution } from "./express-execution.js";

describe("ExpressExecution", () => {
  it("History: events carry ids, previousEventId, timestamps and AWS detail fields", async () => {
    const { history } = await runDefinition(singleState({ Type: "Pass", Result: { b: 2 } }), { a: 1 });
    assert.deepEqual(
      history.map(({ timestamp, ...rest }) => (assert.ok(timestamp instanceof Date), rest)),
      [
        {
          type: "ExecutionStarted",
          id: 1,
          previousEventId: 0,
          executionStartedEventDetails: { input: '{"a":1}', inputDetails: { truncated: false }, roleArn: "", stateMachineArn: "arn:aws:states:local:000000000000:stateMachine:sm" },
        },
        { type: "PassStateEntered", id: 2, previousEventId: 1, stateEnteredEventDetails: { name: "S", input: '{"a":1}', inputDetails: { truncated: false } } },
        { type: "PassStateExited", id: 3, previousEventId: 2, stateExitedEventDetails: { name: "S", output: '{"b":2}', outputDetails: { truncated: false } } },
        { type: "ExecutionSucceeded", id: 4, previousEventId: 3, executionSucceededEventDetails: { output: '{"b":2}', outputDetails: { truncated: false } } },
      ],
    );
  });

  it("TimeoutSeconds: an execution running too long ends TIMED_OUT", async () => {
    const def = { TimeoutSeconds: 5, StartAt: "W", States: { W: { Type: "Wait", Seconds: 60, End: true } } } as unknown as StateMachineDefinition;
    const { result, history, clock } = await runDefinition(def, {}, { clock: new VirtualClock(0) });
    assert.deepEqual([result.status, result.error, clock.now()], ["TIMED_OUT", "States.Timeout", 5000]);
    assert.equal(history.at(-1)!.type, "ExecutionTimedOut");
  });

  it("maxDurationMs: an EXPRESS execution ends TIMED_OUT at its 5-minute limit, before a longer TimeoutSeconds", async () => {
    const def = { TimeoutSeconds: 600, StartAt: "W", States: { W: { Type: "Wait", Seconds: 400, End: true } } } as unknown as StateMachineDefinition;
    const { result, clock } = await runDefinition(def, {}, { clock: new VirtualClock(0), maxDurationMs: 300_000 });
    assert.deepEqual([result.status, result.error, clock.now()], ["TIMED_OUT", "States.Timeout", 300_000]);
    assert.match(result.cause!, /300 seconds an EXPRESS execution may run/);
  });

  it("stop(): a running execution ends ABORTED", async () => {
    const clock = new VirtualClock(0);
    const execution = new ExpressExecution({
      definition: { StartAt: "W", States: { W: { Type: "Wait", Seconds: 3600, End: true } } },
      input: {},
      executionArn: "arn:e",
      stateMachineArn: "arn:sm",
      taskInvoker: async () => null,
      clock,
    });
    const running = execution.run();
    await new Promise((r) => setImmediate(r));
    execution.stop("Stopped", "by test");
    const result = await running;
    assert.deepEqual([result.status, result.error, execution.status], ["ABORTED", "Stopped", "ABORTED"]);
    assert.equal(execution.history().at(-1)!.type, "ExecutionAborted");
  });

  it("stop(): states in flight, in branches too, end with the execution's ExecutionAborted, without …StateAborted events", async () => {
    let execution!: ExpressExecution;
    let aborted = 0;
    execution = new ExpressExecution({
      definition: singleState({
        Type: "Parallel",
        Branches: ["A", "B"].map((name) => ({ StartAt: name, States: { [name]: { Type: "Task", Resource: "hang", End: true } } })),
      }),
      input: {},
      executionArn: "arn:e",
      stateMachineArn: "arn:sm",
      taskInvoker: (_resource, _input, options) =>
        new Promise((resolve) => {
          options.signal.addEventListener("abort", () => resolve(++aborted));
          if (execution.history().filter((e) => e.type === "TaskStarted").length === 2) execution.stop("Halt", "both started");
        }),
      clock: new VirtualClock(0),
    });
    const result = await execution.run();
    assert.deepEqual([result.status, result.error, aborted], ["ABORTED", "Halt", 2]);
    const types = execution.history().map((e) => e.type);
    assert.deepEqual(types.slice(-2), ["TaskStarted", "ExecutionAborted"]);
    assert.ok(!types.some((t) => t.endsWith("StateAborted") || t === "ParallelStateFailed"));
  });

  it("Speed: a 1,000-state Pass chain runs above 100k transitions/s, history recorded", async () => {
    const States: Record<string, unknown> = {};
    for (let i = 0; i < 1000; i++) States[`S${i}`] = i === 999 ? { Type: "Pass", End: true } : { Type: "Pass", Next: `S${i + 1}` };
    const def = { StartAt: "S0", States } as unknown as StateMachineDefinition;
    const run = (input: Json) =>
      new ExpressExecution({ definition: def, input, executionArn: "arn:e", stateMachineArn: "arn:sm", taskInvoker: async () => null }).run();
    for (let i = 0; i < 5; i++) await run({});
    let perSecond = 0;
    for (let round = 0; round < 3; round++) {
      const start = performance.now();
      for (let i = 0; i < 5; i++) await run({ i });
      perSecond = Math.max(perSecond, 5000 / ((performance.now() - start) / 1000));
    }
    assert.ok(perSecond > 100_000, `${Math.round(perSecond)} transitions/s`);
  });
});
