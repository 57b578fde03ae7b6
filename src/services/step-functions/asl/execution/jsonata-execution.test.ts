import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { StateMachineDefinition } from "../definition-types.js";
import { runDefinition } from "../testing/run-definition.js";
import { VirtualClock } from "./clock.js";

describe("JSONata and variables", () => {
  const jsonata = (states: Record<string, unknown>, start = Object.keys(states)[0]!) =>
    ({ QueryLanguage: "JSONata", StartAt: start, States: states }) as unknown as StateMachineDefinition;

  it("JSONata: Arguments, Output and $states.result in a Task", async () => {
    const def = jsonata({
      T: {
        Type: "Task",
        Resource: "r",
        Arguments: { "total": "{% $sum($states.input.items.price) %}", "name": "{% $states.context.State.Name %}", "fixed": 1 },
        Output: "{% { 'doubled': $states.result.total * 2, 'name': $states.result.name } %}",
        End: true,
      },
    });
    const { result } = await runDefinition(def, { items: [{ price: 2 }, { price: 3 }] });
    assert.deepEqual(result.output, { doubled: 10, name: "T" });
  });

  it("JSONata: Assign sees old values; variables reach later states", async () => {
    const def = jsonata({
      A: { Type: "Pass", Assign: { x: 1, y: "{% $states.input.start %}" }, Next: "B" },
      B: { Type: "Pass", Assign: { x: "{% $x + 10 %}", sum: "{% $x + $y %}" }, Output: "{% $x %}", Next: "C" },
      C: { Type: "Pass", Output: "{% [$x, $y, $sum, $states.input] %}", End: true },
    });
    const { result, history } = await runDefinition(def, { start: 5 });
    assert.deepEqual(result.output, [11, 5, 6, 1]);
    const exitedB = history.find((e) => e.type === "PassStateExited" && (e.stateExitedEventDetails as { name: string }).name === "B");
    assert.deepEqual((exitedB!.stateExitedEventDetails as { assignedVariables: unknown }).assignedVariables, { x: "11", sum: "6" });
  });

  it("JSONata: Choice Condition, and Map Items with ItemSelector", async () => {
    const def = jsonata({
      C: { Type: "Choice", Choices: [{ Condition: "{% $count($states.input.list) > 2 %}", Next: "M" }], Default: "Few" },
      Few: { Type: "Succeed", Output: "few" },
      M: {
        Type: "Map",
        Items: "{% $states.input.list %}",
        ItemSelector: { "v": "{% $states.context.Map.Item.Value * 10 %}", "i": "{% $states.context.Map.Item.Index %}" },
        ItemProcessor: { StartAt: "P", States: { P: { Type: "Pass", End: true } } },
        End: true,
      },
    });
    assert.deepEqual((await runDefinition(def, { list: [1, 2, 3] })).result.output, [{ v: 10, i: 0 }, { v: 20, i: 1 }, { v: 30, i: 2 }]);
    assert.equal((await runDefinition(def, { list: [1] })).result.output, "few");
  });

  it("JSONata: AWS's extra functions and no $eval", async () => {
    const def = jsonata({
      P: {
        Type: "Pass",
        Output: {
          partition: "{% $partition([1,2,3,4,5], 2) %}",
          range: "{% $range(0, 10, 5) %}",
          hash: "{% $hash('input data', 'SHA-1') %}",
          parsed: "{% $parse('{\"a\":1}') %}",
          uuidLength: "{% $length($uuid()) %}",
          random: "{% $random() < 1 %}",
        },
        End: true,
      },
    });
    assert.deepEqual((await runDefinition(def)).result.output, {
      partition: [[1, 2], [3, 4], [5]],
      range: [0, 5, 10],
      hash: "aaff4a450a104cd177d28d18d74485e8cae074b7",
      parsed: { a: 1 },
      uuidLength: 36,
      random: true,
    });
    const evalDef = jsonata({ P: { Type: "Pass", Output: "{% $eval('1+1') %}", End: true } });
    assert.equal((await runDefinition(evalDef)).result.error, "States.QueryEvaluationError");
  });

  it("JSONata: Fail Error/Cause, Wait Seconds and rule-level Output/Assign in Choice", async () => {
    const def = jsonata({
      C: { Type: "Choice", Choices: [{ Condition: "{% $states.input.n > 1 %}", Output: { n: "{% $states.input.n * 2 %}" }, Assign: { seen: "{% $states.input.n %}" }, Next: "W" }], Default: "F" },
      W: { Type: "Wait", Seconds: "{% $states.input.n %}", Output: "{% [$states.input.n, $seen] %}", End: true },
      F: { Type: "Fail", Error: "{% 'Too' & 'Small' %}", Cause: "{% $string($states.input.n) %}" },
    });
    const clock = new VirtualClock(0);
    assert.deepEqual((await runDefinition(def, { n: 3 }, { clock })).result.output, [6, 3]);
    assert.equal(clock.now(), 6000);
    const failed = (await runDefinition(def, { n: 1 })).result;
    assert.deepEqual([failed.error, failed.cause], ["TooSmall", "1"]);
  });

  it("JSONata: an expression error or an undefined result is States.QueryEvaluationError, catchable", async () => {
    const def = jsonata({
      T: { Type: "Task", Resource: "r", Arguments: "{% $states.input.missing %}", Catch: [{ ErrorEquals: ["States.QueryEvaluationError"], Output: "{% $states.errorOutput.Error %}", Assign: { caught: true }, Next: "D" }], End: true },
      D: { Type: "Pass", Output: "{% [$states.input, $caught] %}", End: true },
    });
    assert.deepEqual((await runDefinition(def, {})).result.output, ["States.QueryEvaluationError", true]);
  });

  it("Variables: JSONPath Assign reads the result and $name paths read variables", async () => {
    const def = {
      StartAt: "A",
      States: {
        A: { Type: "Pass", Result: { id: 42 }, Assign: { "orderId.$": "$.id", label: "static" }, ResultPath: null, Next: "B" },
        B: { Type: "Pass", Parameters: { "order.$": "$orderId", "label.$": "$label", "both.$": "States.Format('{}-{}', $label, $orderId)" }, End: true },
      },
    } as unknown as StateMachineDefinition;
    assert.deepEqual((await runDefinition(def, { in: 1 })).result.output, { order: 42, label: "static", both: "static-42" });
  });

  it("Variables: a branch sees outer variables; its own assignments stay inside", async () => {
    const def = jsonata({
      A: { Type: "Pass", Assign: { outer: 1 }, Next: "P" },
      P: {
        Type: "Parallel",
        Branches: [{ StartAt: "In", States: { In: { Type: "Pass", Assign: { inner: "{% $outer + 1 %}" }, Next: "Out" }, Out: { Type: "Pass", Output: "{% $inner %}", End: true } } }],
        Next: "After",
      },
      After: { Type: "Pass", Output: { branches: "{% $states.input %}", outer: "{% $outer %}", inner: "{% $exists($inner) %}" }, End: true },
    });
    assert.deepEqual((await runDefinition(def)).result.output, { branches: [2], outer: 1, inner: false });
  });
});
