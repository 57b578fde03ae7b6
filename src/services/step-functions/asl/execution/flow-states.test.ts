import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Json, StateMachineDefinition } from "../definition-types.js";
import { runDefinition, singleState } from "../testing/run-definition.js";
import { VirtualClock } from "./clock.js";

describe("Choice, Wait, Succeed, Fail", () => {
  const choice = {
    StartAt: "C",
    States: {
      C: {
        Type: "Choice",
        Choices: [
          { Variable: "$.type", StringEquals: "Private", Next: "Private" },
          { And: [{ Variable: "$.value", IsPresent: true }, { Variable: "$.value", NumericGreaterThanEquals: 20 }, { Variable: "$.value", NumericLessThan: 30 }], Next: "Range" },
        ],
        Default: "Other",
      },
      Private: { Type: "Pass", Result: "private", End: true },
      Range: { Type: "Pass", Result: "range", End: true },
      Other: { Type: "Pass", Result: "other", End: true },
    },
  } as unknown as StateMachineDefinition;
  for (const [input, expected] of [
    [{ type: "Private" }, "private"],
    [{ type: "Public", value: 25 }, "range"],
    [{ type: "Public", value: 30 }, "other"],
    [{ type: "Public" }, "other"],
  ] as const) {
    it(`Choice: ${JSON.stringify(input)} goes to ${expected}`, async () => {
      assert.equal((await runDefinition(choice, input)).result.output, expected);
    });
  }

  it("Choice: a Variable missing from the input fails with States.Runtime, as AWS does", async () => {
    const { result } = await runDefinition(choice, { value: 25 });
    assert.equal(result.error, "States.Runtime");
  });

  it("Choice: no match and no Default fails with States.NoChoiceMatched", async () => {
    const def = singleState({ Type: "Choice", Choices: [{ Variable: "$.a", BooleanEquals: true, Next: "S" }], End: undefined });
    const { result } = await runDefinition(def, { a: false });
    assert.equal(result.error, "States.NoChoiceMatched");
  });

  it("Wait: Seconds, SecondsPath, Timestamp and TimestampPath wake at the right time", async () => {
    const waits: [Record<string, unknown>, Json, number][] = [
      [{ Seconds: 10 }, {}, 10_000],
      [{ SecondsPath: "$.s" }, { s: 3 }, 3_000],
      [{ Timestamp: "2026-01-01T00:01:00Z" }, {}, 60_000],
      [{ TimestampPath: "$.t" }, { t: "2026-01-01T00:00:30Z" }, 30_000],
      [{ Timestamp: "2025-01-01T00:00:00Z" }, {}, 0],
    ];
    for (const [fields, input, elapsed] of waits) {
      const clock = new VirtualClock(Date.UTC(2026, 0, 1));
      const { result, history } = await runDefinition(singleState({ Type: "Wait", ...fields }), input, { clock });
      assert.equal(result.status, "SUCCEEDED");
      assert.deepEqual(result.output, input);
      assert.equal(clock.now() - Date.UTC(2026, 0, 1), elapsed, JSON.stringify(fields));
      assert.deepEqual(history.map((e) => e.type).slice(1, 3), ["WaitStateEntered", "WaitStateExited"]);
    }
  });

  it("Wait: a negative SecondsPath is a States.Runtime error", async () => {
    assert.equal((await runDefinition(singleState({ Type: "Wait", SecondsPath: "$.s" }), { s: -1 })).result.error, "States.Runtime");
  });

  it("Fail: Error and Cause, or ErrorPath and CausePath", async () => {
    let r = (await runDefinition(singleState({ Type: "Fail", Error: "ErrorA", Cause: "Kaiju attack", End: undefined }))).result;
    assert.deepEqual([r.status, r.error, r.cause], ["FAILED", "ErrorA", "Kaiju attack"]);
    r = (await runDefinition(singleState({ Type: "Fail", ErrorPath: "$.e", CausePath: "States.Format('because {}', $.why)", End: undefined }), { e: "E1", why: "x" })).result;
    assert.deepEqual([r.error, r.cause], ["E1", "because x"]);
  });

  it("Succeed: ends the execution with its (filtered) input", async () => {
    const { result } = await runDefinition(singleState({ Type: "Succeed", OutputPath: "$.a", End: undefined }), { a: { b: 1 } });
    assert.deepEqual(result.output, { b: 1 });
  });
});
