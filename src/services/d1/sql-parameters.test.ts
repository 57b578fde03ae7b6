import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parameterSlots } from "./sql-parameters.js";

function slots(sql: string): [number, [number, string][]] {
  const { count, names } = parameterSlots(sql);
  return [count, [...names].sort(([a], [b]) => a - b)];
}

describe("parameterSlots", () => {
  it("parameterSlots: ? takes the next number, ?NNN its own, and a name its first number wherever it appears", () => {
    assert.deepEqual(slots("SELECT ?, ?"), [2, []]);
    assert.deepEqual(slots("SELECT ?2, ?"), [3, [[2, "?2"]]]);
    assert.deepEqual(slots("SELECT :a, ?, :a, @b, $c"), [4, [[1, ":a"], [3, "@b"], [4, "$c"]]]);
    assert.deepEqual(slots("SELECT ?5"), [5, [[5, "?5"]]]);
  });

  it("parameterSlots: none inside quotes, bracketed names, comments or words with a $", () => {
    assert.deepEqual(slots(`SELECT '?', "?", \`:a\`, [@b], a$b -- ?\n/* :c */ FROM t`), [0, []]);
    assert.deepEqual(slots("SELECT x'00', ? FROM t"), [1, []]);
  });
});
