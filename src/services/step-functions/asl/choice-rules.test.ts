import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { StatesError } from "../errors.js";
import { compileChoiceRule, wildcardPattern } from "./choice-rules.js";
import type { ChoiceRule, Json } from "./definition-types.js";

const input: Json = {
  s: "banana",
  n: 10,
  b: true,
  t: "2026-03-14T01:59:26Z",
  t2: "2026-03-14T02:59:26+01:00",
  nul: null,
  other: { s: "cherry", n: 10, t: "2026-03-15T00:00:00Z", b: true },
};
const test = (rule: ChoiceRule) => compileChoiceRule(rule)({ input });

describe("Choice rules", () => {
  const cases: [ChoiceRule, boolean][] = [
    [{ Variable: "$.s", StringEquals: "banana" }, true],
    [{ Variable: "$.s", StringEquals: "apple" }, false],
    [{ Variable: "$.n", StringEquals: "10" }, false],
    [{ Variable: "$.s", StringLessThan: "cherry" }, true],
    [{ Variable: "$.s", StringGreaterThan: "apple" }, true],
    [{ Variable: "$.s", StringLessThanEquals: "banana" }, true],
    [{ Variable: "$.s", StringGreaterThanEquals: "banana2" }, false],
    [{ Variable: "$.s", StringMatches: "ba*a" }, true],
    [{ Variable: "$.s", StringMatches: "*nan*" }, true],
    [{ Variable: "$.s", StringMatches: "b*x" }, false],
    [{ Variable: "$.n", NumericEquals: 10 }, true],
    [{ Variable: "$.s", NumericEquals: 10 }, false],
    [{ Variable: "$.n", NumericLessThan: 11 }, true],
    [{ Variable: "$.n", NumericGreaterThan: 10 }, false],
    [{ Variable: "$.n", NumericLessThanEquals: 10 }, true],
    [{ Variable: "$.n", NumericGreaterThanEquals: 10.5 }, false],
    [{ Variable: "$.b", BooleanEquals: true }, true],
    [{ Variable: "$.s", BooleanEquals: true }, false],
    [{ Variable: "$.t", TimestampEquals: "2026-03-14T01:59:26Z" }, true],
    [{ Variable: "$.t2", TimestampEquals: "2026-03-14T01:59:26Z" }, true],
    [{ Variable: "$.t", TimestampLessThan: "2026-03-14T01:59:27Z" }, true],
    [{ Variable: "$.t", TimestampGreaterThan: "2026-03-14T01:59:27Z" }, false],
    [{ Variable: "$.t", TimestampLessThanEquals: "2026-03-14T01:59:26Z" }, true],
    [{ Variable: "$.t", TimestampGreaterThanEquals: "2027-01-01T00:00:00Z" }, false],
    [{ Variable: "$.s", TimestampEquals: "2026-03-14T01:59:26Z" }, false],
    [{ Variable: "$.s", StringEqualsPath: "$.other.s" }, false],
    [{ Variable: "$.s", StringLessThanPath: "$.other.s" }, true],
    [{ Variable: "$.n", NumericEqualsPath: "$.other.n" }, true],
    [{ Variable: "$.n", NumericLessThanPath: "$.other.n" }, false],
    [{ Variable: "$.b", BooleanEqualsPath: "$.other.b" }, true],
    [{ Variable: "$.t", TimestampLessThanPath: "$.other.t" }, true],
    [{ Variable: "$.nul", IsNull: true }, true],
    [{ Variable: "$.s", IsNull: true }, false],
    [{ Variable: "$.s", IsPresent: true }, true],
    [{ Variable: "$.nope", IsPresent: true }, false],
    [{ Variable: "$.nope", IsPresent: false }, true],
    [{ Variable: "$.n", IsNumeric: true }, true],
    [{ Variable: "$.s", IsNumeric: false }, true],
    [{ Variable: "$.s", IsString: true }, true],
    [{ Variable: "$.b", IsBoolean: true }, true],
    [{ Variable: "$.t", IsTimestamp: true }, true],
    [{ Variable: "$.s", IsTimestamp: true }, false],
    [{ And: [{ Variable: "$.n", NumericGreaterThan: 5 }, { Variable: "$.s", StringEquals: "banana" }] }, true],
    [{ Or: [{ Variable: "$.n", NumericGreaterThan: 50 }, { Variable: "$.b", BooleanEquals: false }] }, false],
    [{ Not: { Variable: "$.s", StringEquals: "apple" } }, true],
    [{ And: [{ Not: { Variable: "$.nope", IsPresent: true } }, { Or: [{ Variable: "$.n", NumericEquals: 10 }] }] }, true],
  ];
  for (const [rule, expected] of cases) {
    it(`Choice: ${JSON.stringify(rule)} is ${expected}`, () => assert.equal(test(rule), expected));
  }

  it("Choice: a Variable that is not in the input is a States.Runtime error", () => {
    assert.throws(
      () => test({ Variable: "$.nope", StringEquals: "x" }),
      (e: unknown) => e instanceof StatesError && e.error === "States.Runtime" && /condition path references an invalid value/.test(e.cause),
    );
  });

  it("StringMatches: escaped \\* and \\\\ are literal", () => {
    assert.equal(wildcardPattern("log-\\*.txt").test("log-*.txt"), true);
    assert.equal(wildcardPattern("log-\\*.txt").test("log-1.txt"), false);
    assert.equal(wildcardPattern("a\\\\b").test("a\\b"), true);
    assert.equal(wildcardPattern("*.log").test("x\ny.log"), true);
  });
});
