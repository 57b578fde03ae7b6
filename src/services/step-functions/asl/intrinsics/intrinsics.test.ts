import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Json } from "../definition-types.js";
import { checkIntrinsic, evaluateIntrinsic, IntrinsicArgumentError, IntrinsicSyntaxError, parseIntrinsic } from "./index.js";

const env = { uuid: () => "ca4c1140-dcc1-40cd-ad05-7b4aa23df4a8" };
const run = (text: string, input: Json = {}) => evaluateIntrinsic(text, { input }, env);

describe("Intrinsic functions", () => {
  // Inputs and outputs from AWS's "Intrinsic functions for JSONPath states" page.
  const cases: [string, Json, Json][] = [
    ["States.Format('Hello, my name is {}.', $.name)", { name: "Arnav" }, "Hello, my name is Arnav."],
    ["States.Format($.template, $.name)", { name: "Arnav", template: "Hello, my name is {}." }, "Hello, my name is Arnav."],
    ["States.Format('\\{\\} {} \\'q\\' \\\\', 1)", {}, "{} 1 'q' \\"],
    ["States.StringToJson($.escapedJsonString)", { escapedJsonString: '{"foo": "bar"}' }, { foo: "bar" }],
    ["States.JsonToString($.unescapedJson)", { unescapedJson: { foo: "bar" } }, '{"foo":"bar"}'],
    ["States.Array($.Id)", { Id: 123456 }, [123456]],
    ["States.Array('a', 1, true, null)", {}, ["a", 1, true, null]],
    ["States.ArrayPartition($.inputArray,4)", { inputArray: [1, 2, 3, 4, 5, 6, 7, 8, 9] }, [[1, 2, 3, 4], [5, 6, 7, 8], [9]]],
    ["States.ArrayContains($.inputArray, $.lookingFor)", { inputArray: [1, 2, 3, 4, 5, 6, 7, 8, 9], lookingFor: 5 }, true],
    ["States.ArrayContains($.a, $.v)", { a: [{ x: 1 }], v: { x: 1 } }, true],
    ["States.ArrayRange(1, 9, 2)", {}, [1, 3, 5, 7, 9]],
    ["States.ArrayRange(5, 1, -2)", {}, [5, 3, 1]],
    ["States.ArrayGetItem($.inputArray, $.index)", { inputArray: [1, 2, 3, 4, 5, 6, 7, 8, 9], index: 5 }, 6],
    ["States.ArrayLength($.inputArray)", { inputArray: [1, 2, 3, 4, 5, 6, 7, 8, 9] }, 9],
    ["States.ArrayUnique($.inputArray)", { inputArray: [1, 2, 3, 3, 3, 3, 3, 3, 4] }, [1, 2, 3, 4]],
    ["States.Base64Encode($.input)", { input: "Data to encode" }, "RGF0YSB0byBlbmNvZGU="],
    ["States.Base64Decode($.base64)", { base64: "RGF0YSB0byBlbmNvZGU=" }, "Data to encode"],
    // AWS's page prints 39 hex digits (one "4" dropped); this is the full SHA-1.
    ["States.Hash($.Data, $.Algorithm)", { Data: "input data", Algorithm: "SHA-1" }, "aaff4a450a104cd177d28d18d74485e8cae074b7"],
    ["States.Hash('input data', 'MD5')", {}, "812f45842bc6d66ee14572ce20db8e86"],
    [
      "States.JsonMerge($.json1, $.json2, false)",
      { json1: { a: { a1: 1, a2: 2 }, b: 2 }, json2: { a: { a3: 1, a4: 2 }, c: 3 } },
      { a: { a3: 1, a4: 2 }, b: 2, c: 3 },
    ],
    ["States.MathAdd($.value1, $.step)", { value1: 111, step: -1 }, 110],
    ["States.MathAdd(1.4, 2.6)", {}, 4],
    ["States.StringSplit($.inputString, $.splitter)", { inputString: "1,2,3,4,5", splitter: "," }, ["1", "2", "3", "4", "5"]],
    ["States.StringSplit($.inputString, $.splitter)", { inputString: "This.is+a,test=string", splitter: ".+,=" }, ["This", "is", "a", "test", "string"]],
    ["States.UUID()", {}, "ca4c1140-dcc1-40cd-ad05-7b4aa23df4a8"],
    [
      "States.Format('{}.{}', States.ArrayGetItem(States.StringSplit($.arn, '/'), 1), States.ArrayLength(States.Array(1, 2)))",
      { arn: "a/b/c" },
      "b.2",
    ],
  ];
  for (const [text, input, expected] of cases) {
    it(`Intrinsic: ${text}`, () => assert.deepEqual(run(text, input), expected));
  }

  it("Intrinsic: States.Hash gives the SHA-256/384/512 digests", () => {
    assert.equal(run("States.Hash('abc', 'SHA-256')"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert.equal((run("States.Hash('abc', 'SHA-384')") as string).length, 96);
    assert.equal((run("States.Hash('abc', 'SHA-512')") as string).length, 128);
  });

  it("Intrinsic: States.MathRandom stays in [start, end) and repeats with a seed", () => {
    for (let i = 0; i < 200; i++) {
      const n = run("States.MathRandom(1, 5)") as number;
      assert.ok(Number.isInteger(n) && n >= 1 && n < 5);
    }
    assert.equal(run("States.MathRandom(1, 1000, 42)"), run("States.MathRandom(1, 1000, 42)"));
  });

  const failures: [string, Json][] = [
    ["States.ArrayRange(1, 2000, 1)", {}],
    ["States.ArrayRange(1, 5, 0)", {}],
    ["States.ArrayPartition($.a, 0)", { a: [1] }],
    ["States.ArrayGetItem($.a, 3)", { a: [1] }],
    ["States.ArrayLength($.s)", { s: "x" }],
    ["States.JsonMerge($.a, $.a, true)", { a: {} }],
    ["States.StringToJson($.s)", { s: "{nope" }],
    ["States.Format('{} {}', 1)", {}],
    ["States.Format('{}', $.o)", { o: { x: 1 } }],
    ["States.Hash('x', 'SHA-999')", {}],
    ["States.MathAdd(2147483647, 2147483648)", {}],
    ["States.MathRandom(5, 5)", {}],
    ["States.Base64Encode($.s)", { s: "x".repeat(10_001) }],
    ["States.Array($.missing)", {}],
  ];
  for (const [text, input] of failures) {
    it(`Intrinsic: ${text} fails`, () => assert.throws(() => run(text, input), IntrinsicArgumentError));
  }

  it("Intrinsic parser: rejects open escapes, unknown functions, wrong arity and deep nesting", () => {
    assert.throws(() => parseIntrinsic("States.Format('a\\n')"), IntrinsicSyntaxError);
    assert.throws(() => parseIntrinsic("States.Format('a'"), IntrinsicSyntaxError);
    assert.deepEqual(checkIntrinsic(parseIntrinsic("States.Nope(1)")), ["Unknown intrinsic function 'States.Nope'"]);
    assert.deepEqual(checkIntrinsic(parseIntrinsic("States.ArrayLength(1, 2)")), ["States.ArrayLength takes 1 arguments, got 2"]);
    const nested = (n: number): string => (n === 0 ? "$.a" : `States.Array(${nested(n - 1)})`);
    assert.doesNotThrow(() => parseIntrinsic(nested(10)));
    assert.throws(() => parseIntrinsic(nested(11)), IntrinsicSyntaxError);
  });
});
