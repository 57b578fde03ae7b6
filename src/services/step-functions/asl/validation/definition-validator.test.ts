import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { InvalidDefinition } from "../../errors.js";
import { parseDefinition, validateStateMachineDefinition } from "../definition-parser.js";
import { validateDefinition } from "./definition-validator.js";

const machine = (states: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ StartAt: Object.keys(states)[0], States: states, ...extra });
const problems = (def: unknown, options = {}) => validateDefinition(def, options).map((p) => `${p.code} ${p.path}: ${p.message}`);

describe("Definition validation", () => {
  const cases: [string, unknown, RegExp][] = [
    ["not an object", [], /^SCHEMA_VALIDATION_FAILED \/: A state machine must be a JSON object/],
    ["missing StartAt", { States: { A: { Type: "Succeed" } } }, /\/: These fields are required: \[StartAt\]/],
    ["unknown StartAt", { StartAt: "X", States: { A: { Type: "Succeed" } } }, /MISSING_TRANSITION_TARGET \/StartAt: Missing 'Next' target: X/],
    ["unknown top-level field", machine({ A: { Type: "Succeed" } }, { Foo: 1 }), /\/Foo: The field "Foo" is not supported/],
    ["unknown state type", machine({ A: { Type: "Nope" } }), /\/States\/A\/Type: The field 'Type' must be one of/],
    ["unknown field in a state", machine({ A: { Type: "Pass", End: true, Resource: "x" } }), /\/States\/A\/Resource: The field "Resource" is not supported/],
    ["missing Next and End", machine({ A: { Type: "Pass" } }), /\/States\/A: These fields are required: \[Next\] or \[End\]/],
    ["both Next and End", machine({ A: { Type: "Pass", Next: "B", End: true }, B: { Type: "Succeed" } }), /both 'Next' and 'End'/],
    ["End false", machine({ A: { Type: "Pass", End: false } }), /\/States\/A\/End: The field 'End' must be true/],
    ["Next to an unknown state", machine({ A: { Type: "Pass", Next: "Nowhere" } }), /MISSING_TRANSITION_TARGET \/States\/A\/Next: Missing 'Next' target: Nowhere/],
    ["unreachable state", machine({ A: { Type: "Succeed" }, B: { Type: "Succeed" } }), /UNREACHABLE_STATE \/States\/B: State 'B' is not reachable/],
    ["bad InputPath", machine({ A: { Type: "Pass", InputPath: "foo", End: true } }), /\/States\/A\/InputPath: The value for the field 'InputPath' must be a valid JSONPath/],
    ["ResultPath with a wildcard", machine({ A: { Type: "Pass", ResultPath: "$.a[*]", End: true } }), /\/States\/A\/ResultPath: .*valid Reference Path/],
    ["bad path in Parameters", machine({ A: { Type: "Pass", Parameters: { "x.$": "nope" }, End: true } }), /\/States\/A\/Parameters\/x\.\$: /],
    ["unknown intrinsic", machine({ A: { Type: "Pass", Parameters: { "x.$": "States.Nope()" }, End: true } }), /Unknown intrinsic function 'States.Nope'/],
    ["States.ALL not alone", machine({ A: { Type: "Task", Resource: "r", End: true, Retry: [{ ErrorEquals: ["States.ALL", "X"] }] } }), /Retry\/0\/ErrorEquals: States.ALL must appear alone/],
    [
      "States.ALL not last",
      machine({ A: { Type: "Task", Resource: "r", End: true, Catch: [{ ErrorEquals: ["States.ALL"], Next: "B" }, { ErrorEquals: ["X"], Next: "B" }] }, B: { Type: "Succeed" } }),
      /Catch\/0\/ErrorEquals: States.ALL must appear in the last retrier or catcher/,
    ],
    ["MaxAttempts below 0", machine({ A: { Type: "Task", Resource: "r", End: true, Retry: [{ ErrorEquals: ["X"], MaxAttempts: -1 }] } }), /Retry\/0\/MaxAttempts: .*between 0 and/],
    ["BackoffRate below 1", machine({ A: { Type: "Task", Resource: "r", End: true, Retry: [{ ErrorEquals: ["X"], BackoffRate: 0.5 }] } }), /Retry\/0\/BackoffRate: .*between 1 and/],
    ["IntervalSeconds 0", machine({ A: { Type: "Task", Resource: "r", End: true, Retry: [{ ErrorEquals: ["X"], IntervalSeconds: 0 }] } }), /Retry\/0\/IntervalSeconds/],
    ["bad JitterStrategy", machine({ A: { Type: "Task", Resource: "r", End: true, Retry: [{ ErrorEquals: ["X"], JitterStrategy: "HALF" }] } }), /JitterStrategy/],
    ["catcher without Next", machine({ A: { Type: "Task", Resource: "r", End: true, Catch: [{ ErrorEquals: ["X"] }] } }), /Catch\/0: These fields are required: \[Next\]/],
    ["Choice rule with two operators", machine({ A: { Type: "Choice", Choices: [{ Variable: "$.a", StringEquals: "x", NumericEquals: 1, Next: "B" }] }, B: { Type: "Succeed" } }), /exactly one comparison operator/],
    ["Choice rule without Variable", machine({ A: { Type: "Choice", Choices: [{ StringEquals: "x", Next: "B" }] }, B: { Type: "Succeed" } }), /Choices\/0: These fields are required: \[Variable\]/],
    ["Choice operand of the wrong type", machine({ A: { Type: "Choice", Choices: [{ Variable: "$.a", NumericEquals: "1", Next: "B" }] }, B: { Type: "Succeed" } }), /NumericEquals' must be a number/],
    ["nested rule with Next", machine({ A: { Type: "Choice", Choices: [{ Not: { Variable: "$.a", IsNull: true, Next: "B" }, Next: "B" }] }, B: { Type: "Succeed" } }), /Choices\/0\/Not\/Next: Nested choice rules cannot have 'Next'/],
    ["Condition in a JSONPath rule", machine({ A: { Type: "Choice", Choices: [{ Condition: "{% true %}", Next: "B" }] }, B: { Type: "Succeed" } }), /only supported in JSONata/],
    [
      "Variable in a JSONata rule",
      machine({ A: { Type: "Choice", Choices: [{ Variable: "$.a", StringEquals: "x", Next: "B" }] }, B: { Type: "Succeed" } }, { QueryLanguage: "JSONata" }),
      /Choices\/0\/Variable: .*use 'Condition'/,
    ],
    ["JSONPath field in JSONata", machine({ A: { Type: "Pass", InputPath: "$", End: true } }, { QueryLanguage: "JSONata" }), /\/States\/A\/InputPath: The field "InputPath" is not supported in JSONata states/],
    ["JSONata field in JSONPath", machine({ A: { Type: "Pass", Output: {}, End: true } }), /\/States\/A\/Output: The field "Output" is only supported in JSONata states/],
    ["bad JSONata expression", machine({ A: { Type: "Pass", Output: "{% $states.input.( %}", End: true } }, { QueryLanguage: "JSONata" }), /\/States\/A\/Output: The JSONata expression/],
    ["JSONPath state in a JSONata machine", machine({ A: { Type: "Pass", End: true, QueryLanguage: "JSONPath" } }, { QueryLanguage: "JSONata" }), /cannot use JSONPath/],
    ["Wait without a time", machine({ A: { Type: "Wait", End: true } }), /exactly one of Seconds/],
    ["Wait with a bad Timestamp", machine({ A: { Type: "Wait", Timestamp: "2026-01-01 00:00", End: true } }), /RFC 3339/],
    ["Fail with Error and ErrorPath", machine({ A: { Type: "Fail", Error: "E", ErrorPath: "$.e" } }), /'Error' and 'ErrorPath' cannot both be set/],
    ["Task without Resource", machine({ A: { Type: "Task", End: true } }), /These fields are required: \[Resource\]/],
    ["Heartbeat not below Timeout", machine({ A: { Type: "Task", Resource: "r", TimeoutSeconds: 5, HeartbeatSeconds: 5, End: true } }), /HeartbeatSeconds' must be smaller/],
    ["Parallel without Branches", machine({ A: { Type: "Parallel", End: true } }), /These fields are required: \[Branches\]/],
    ["bad nested branch", machine({ A: { Type: "Parallel", End: true, Branches: [{ StartAt: "X", States: { X: { Type: "Pass" } } }] } }), /\/States\/A\/Branches\/0\/States\/X: These fields are required: \[Next\] or \[End\]/],
    ["Map without processor", machine({ A: { Type: "Map", End: true } }), /These fields are required: \[ItemProcessor\]/],
    [
      "distributed Map",
      machine({ A: { Type: "Map", End: true, ItemProcessor: { ProcessorConfig: { Mode: "DISTRIBUTED" }, StartAt: "X", States: { X: { Type: "Succeed" } } } } }),
      /Only INLINE Map states/,
    ],
    [
      "ToleratedFailurePercentage over 100",
      machine({ A: { Type: "Map", End: true, ToleratedFailurePercentage: 150, ItemProcessor: { StartAt: "X", States: { X: { Type: "Succeed" } } } } }),
      /ToleratedFailurePercentage/,
    ],
    ["bad variable name", machine({ A: { Type: "Pass", Assign: { "1x": 1, states: 2 }, End: true } }), /\/States\/A\/Assign\/1x: '1x' is not a valid variable name/],
    ["Assign not an object", machine({ A: { Type: "Pass", Assign: [1], End: true } }), /\/States\/A\/Assign: The field 'Assign' must be an object/],
    [
      "duplicate state name across branches",
      machine({ A: { Type: "Parallel", End: true, Branches: [{ StartAt: "A", States: { A: { Type: "Succeed" } } }] } }),
      /DUPLICATE_STATE_NAME/,
    ],
  ];
  for (const [name, def, expected] of cases) {
    it(`Validation: ${name}`, () => {
      const found = problems(def);
      assert.ok(found.some((p) => expected.test(p)), `expected ${expected} in:\n${found.join("\n")}`);
    });
  }

  it("Validation: a valid definition using every state type has no problems", () => {
    const def = machine({
      Start: { Type: "Pass", Parameters: { "id.$": "$$.Execution.Id", "n.$": "States.MathAdd($.n, 1)" }, ResultPath: "$.p", Next: "Decide" },
      Decide: { Type: "Choice", Choices: [{ And: [{ Variable: "$.p.n", NumericGreaterThan: 1 }], Next: "Work" }], Default: "Sleep" },
      Sleep: { Type: "Wait", Seconds: 1, Next: "Work" },
      Work: {
        Type: "Task",
        Resource: "worker:orders",
        TimeoutSeconds: 30,
        Retry: [{ ErrorEquals: ["Busy"], MaxAttempts: 2 }, { ErrorEquals: ["States.ALL"] }],
        Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: "Failed" }],
        Next: "Fan",
      },
      Fan: { Type: "Parallel", Branches: [{ StartAt: "B1", States: { B1: { Type: "Pass", End: true } } }], Next: "Each" },
      Each: { Type: "Map", ItemsPath: "$.items", ItemProcessor: { StartAt: "I1", States: { I1: { Type: "Succeed" } } }, MaxConcurrency: 2, Next: "Done" },
      Done: { Type: "Succeed" },
      Failed: { Type: "Fail", Error: "Oops", CausePath: "$.error.Cause" },
    });
    assert.deepEqual(problems(def), []);
  });

  it("Validation: reports every problem at once", () => {
    const found = problems(machine({ A: { Type: "Pass", Next: "Z", Foo: 1 }, B: { Type: "Wait", End: true } }));
    assert.equal(found.length, 4, found.join("\n"));
  });

  it("Validation: the resource validator rejects unknown Task resources", () => {
    const def = machine({ A: { Type: "Task", Resource: "worker:nope", End: true } });
    const found = problems(def, { resourceValidator: (r: string) => (r === "worker:known" ? null : `Unknown resource '${r}'`) });
    assert.deepEqual(found, ["INVALID_RESOURCE /States/A/Resource: Unknown resource 'worker:nope'"]);
  });

  it("Validation: EXPRESS machines reject .waitForTaskToken and .sync resources", () => {
    const def = machine({ A: { Type: "Task", Resource: "queue:jobs.waitForTaskToken", End: true } });
    assert.deepEqual(problems(def), []);
    assert.deepEqual(problems(def, { type: "EXPRESS" }), [
      "INVALID_RESOURCE /States/A/Resource: Express state machines do not support the '.waitForTaskToken' integration pattern",
    ]);
  });

  it("parseDefinition: reads YAML and throws InvalidDefinition with diagnostics", () => {
    const def = parseDefinition("StartAt: A\nStates:\n  A:\n    Type: Succeed\n");
    assert.deepEqual(def, { StartAt: "A", States: { A: { Type: "Succeed" } } });
    assert.throws(
      () => parseDefinition('{"StartAt": "A", "States": {"A": {"Type": "Pass"}}}'),
      (e: unknown) => e instanceof InvalidDefinition && e.code === "ERR_INVALID_DEFINITION" && e.diagnostics.length === 1 && /\/States\/A/.test(e.message),
    );
    assert.throws(() => parseDefinition("{ nope"), (e: unknown) => e instanceof InvalidDefinition && e.diagnostics[0]!.code === "INVALID_JSON_DESCRIPTION");
  });

  it("ValidateStateMachineDefinition: returns AWS's result shape", () => {
    assert.deepEqual(validateStateMachineDefinition('{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}'), { result: "OK", diagnostics: [], truncated: false });
    const out = validateStateMachineDefinition('{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"}}}');
    assert.equal(out.result, "FAIL");
    assert.deepEqual(out.diagnostics[0], { severity: "ERROR", code: "MISSING_TRANSITION_TARGET", message: "Missing 'Next' target: B", location: "/States/A/Next" });
  });
});
