import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Json } from "../definition-types.js";
import { runDefinition, singleState } from "../testing/run-definition.js";

describe("Pass and path processing (JSONPath)", () => {
  // From AWS's "Processing input and output" examples.
  const cases: [string, Record<string, unknown>, Json, Json][] = [
    ["Result replaces the input", { Type: "Pass", Result: { x: 1 } }, { a: 1 }, { x: 1 }],
    ["ResultPath merges into the input", { Type: "Pass", Result: "done", ResultPath: "$.status" }, { a: 1 }, { a: 1, status: "done" }],
    ["ResultPath creates intermediate objects", { Type: "Pass", Result: 1, ResultPath: "$.x.y.z" }, { a: 1 }, { a: 1, x: { y: { z: 1 } } }],
    ["ResultPath null keeps the input", { Type: "Pass", Result: 1, ResultPath: null }, { a: 1 }, { a: 1 }],
    ["InputPath selects the effective input", { Type: "Pass", InputPath: "$.lambda" }, { lambda: { who: "AWS" } }, { who: "AWS" }],
    ["InputPath null gives {}", { Type: "Pass", InputPath: null }, { a: 1 }, {}],
    ["OutputPath selects the output", { Type: "Pass", OutputPath: "$.a" }, { a: [1, 2] }, [1, 2]],
    ["OutputPath null gives {}", { Type: "Pass", OutputPath: null }, { a: 1 }, {}],
    [
      "Parameters with paths, context and static values",
      { Type: "Pass", Parameters: { comment: "Selecting what I care about.", "MyDetails.$": "$.product.details", "name.$": "$$.State.Name" } },
      { product: { details: { color: "blue", size: "small" } } },
      { comment: "Selecting what I care about.", MyDetails: { color: "blue", size: "small" }, name: "S" },
    ],
    [
      "InputPath → Parameters → ResultPath → OutputPath",
      { Type: "Pass", InputPath: "$.in", Parameters: { "v.$": "$.v", "arr.$": "States.Array($.v)" }, ResultPath: "$.res", OutputPath: "$.res" },
      { in: { v: 7 } },
      { v: 7, arr: [7] },
    ],
    ["Parameters in arrays", { Type: "Pass", Parameters: { list: [{ "x.$": "$.a" }, 2] } }, { a: "A" }, { list: [{ x: "A" }, 2] }],
    [
      "$$ context values",
      { Type: "Pass", Parameters: { "id.$": "$$.Execution.Id", "sm.$": "$$.StateMachine.Id", "input.$": "$$.Execution.Input", "retry.$": "$$.State.RetryCount", "name.$": "$$.Execution.Name" } },
      { a: 1 },
      {
        id: "arn:aws:states:local:000000000000:express:sm:exec-1",
        sm: "arn:aws:states:local:000000000000:stateMachine:sm",
        input: { a: 1 },
        retry: 0,
        name: "exec-1",
      },
    ],
  ];
  for (const [name, state, input, expected] of cases) {
    it(`Pass: ${name}`, async () => {
      const { result } = await runDefinition(singleState({ ...state }), input);
      assert.equal(result.status, "SUCCEEDED", result.cause);
      assert.deepEqual(result.output, expected);
    });
  }

  it("Parameters: a path that selects nothing fails with States.Runtime, as AWS does", async () => {
    const { result } = await runDefinition(singleState({ Type: "Pass", Parameters: { "JobName.$": "$.JobName" } }), {});
    assert.equal(result.status, "FAILED");
    assert.equal(result.error, "States.Runtime");
    assert.equal(
      result.cause,
      "An error occurred while executing the state 'S' (entered at the event id #2). The JSONPath '$.JobName' specified for the field 'JobName.$' could not be found in the input '{}'",
    );
  });

  it("ResultPath: placing into a string fails with States.ResultPathMatchFailure", async () => {
    const { result } = await runDefinition(singleState({ Type: "Pass", Result: 1, ResultPath: "$.a.b" }), { a: "text" });
    assert.equal(result.error, "States.ResultPathMatchFailure");
  });

  it("Intrinsic failure surfaces as States.IntrinsicFailure", async () => {
    const { result } = await runDefinition(singleState({ Type: "Pass", Parameters: { "x.$": "States.ArrayGetItem($.a, 5)" } }), { a: [] });
    assert.equal(result.error, "States.IntrinsicFailure");
  });
});
