import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Json } from "./definition-types.js";
import { evaluatePath, ReferencePathMismatch, setAtReferencePath } from "./json-path.js";
import { isReferencePath, isValidPath } from "./json-path-parser.js";

const store: Json = {
  store: {
    book: [
      { category: "reference", author: "Nigel Rees", title: "Sayings of the Century", price: 8.95 },
      { category: "fiction", author: "Evelyn Waugh", title: "Sword of Honour", price: 12.99 },
      { category: "fiction", author: "J. R. R. Tolkien", title: "The Lord of the Rings", isbn: "0-395-19395-8", price: 22.99 },
    ],
    bicycle: { color: "red", price: 19.95 },
  },
  "a b": 1,
};

describe("JSONPath", () => {
  const cases: [string, Json | "NOT_FOUND"][] = [
    ["$", store],
    ["$.store.bicycle.color", "red"],
    ["$['store']['bicycle']['price']", 19.95],
    ["$['a b']", 1],
    ["$.store.book[0].author", "Nigel Rees"],
    ["$.store.book[-1].price", 22.99],
    ["$.store.book[*].price", [8.95, 12.99, 22.99]],
    ["$.store.book[0,2].price", [8.95, 22.99]],
    ["$.store.book[1:].category", ["fiction", "fiction"]],
    ["$..isbn", ["0-395-19395-8"]],
    ["$.store.book[?(@.price < 10)].title", ["Sayings of the Century"]],
    ["$.store.book[?(@.isbn)].price", [22.99]],
    ["$.store.book[?(@.category == 'fiction' && @.price > 20)].author", ["J. R. R. Tolkien"]],
    ["$.store.missing", "NOT_FOUND"],
    ["$.store.book[7]", "NOT_FOUND"],
    ["$.store.book[?(@.price > 100)]", []],
  ];
  for (const [path, expected] of cases) {
    it(`JSONPath: ${path}`, () => {
      const r = evaluatePath(path, { input: store });
      if (expected === "NOT_FOUND") assert.equal(r.found, false);
      else assert.deepEqual(r, { found: true, value: expected });
    });
  }

  it("JSONPath: $$ reads the context object and $name a variable", () => {
    const roots = { input: {}, context: { Execution: { Id: "arn:x" } }, variables: { total: { n: 3 } } };
    assert.deepEqual(evaluatePath("$$.Execution.Id", roots), { found: true, value: "arn:x" });
    assert.deepEqual(evaluatePath("$total.n", roots), { found: true, value: 3 });
  });

  it("JSONPath: rejects malformed paths and tells reference paths apart", () => {
    for (const bad of ["store", "$.", "$[", "$.a[?(@.b ==)]", "$['unterminated]"]) assert.equal(isValidPath(bad), false, bad);
    assert.equal(isReferencePath("$.a.b[0]"), true);
    for (const notRef of ["$.a[*]", "$..a", "$.a[?(@.x)]", "$.a[0:1]", "$$.Execution"]) assert.equal(isReferencePath(notRef), false, notRef);
  });

  it("ResultPath: merging creates intermediate objects and copies only the path", () => {
    const input = { a: { keep: [1] }, other: { x: 1 } } as const;
    const out = setAtReferencePath(input as unknown as Json, "$.a.b.c", 5) as { a: { keep: number[]; b: { c: number } }; other: unknown };
    assert.deepEqual(out, { a: { keep: [1], b: { c: 5 } }, other: { x: 1 } });
    assert.equal(out.other, input.other);
    assert.deepEqual(input, { a: { keep: [1] }, other: { x: 1 } });
  });

  it("ResultPath: a non-object on the way is a mismatch", () => {
    assert.throws(() => setAtReferencePath({ a: "text" }, "$.a.b", 1), ReferencePathMismatch);
    assert.throws(() => setAtReferencePath({ a: [1] }, "$.a[3]", 1), ReferencePathMismatch);
  });
});
