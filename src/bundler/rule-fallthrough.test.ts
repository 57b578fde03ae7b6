import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ModuleRule } from "../config/index.js";
import { applyFallthrough } from "./rule-fallthrough.js";

describe("applyFallthrough", () => {
  const defaults: ModuleRule[] = [
    { type: "Text", globs: ["**/*.txt"] },
    { type: "Data", globs: ["**/*.bin"] },
  ];
  const apply = (user: ModuleRule[]) => {
    const warnings: string[] = [];
    return { ...applyFallthrough(user, defaults, (message) => warnings.push(message)), warnings };
  };

  it("fallthrough: true keeps the rules after it, without a warning", () => {
    const sql: ModuleRule = { type: "Text", globs: ["**/*.sql"], fallthrough: true };
    assert.deepEqual(apply([sql]), { rules: [sql, ...defaults], ignored: [], warnings: [] });
  });

  it("no fallthrough: the later rules of its type are ignored, with wrangler's warning", () => {
    const sql: ModuleRule = { type: "Text", globs: ["**/*.sql"] };
    const more: ModuleRule = { type: "Text", globs: ["**/*.md"] };
    assert.deepEqual(apply([sql, more]), {
      rules: [sql, defaults[1]],
      ignored: [more, defaults[0]],
      warnings: [
        'The module rule {"type":"Text","globs":["**/*.sql"]} does not have a fallback, the following rules will be ignored:\n' +
          ' {"type":"Text","globs":["**/*.md"]}\n' +
          ' {"type":"Text","globs":["**/*.txt"]} (DEFAULT)\n\n' +
          "Add `fallthrough = true` to rule to allow next rule to be used or `fallthrough = false` to silence this warning",
      ],
    });
  });

  it("fallthrough: false ignores the later rules of its type without a warning", () => {
    const sql: ModuleRule = { type: "Text", globs: ["**/*.sql"], fallthrough: false };
    assert.deepEqual(apply([sql]), { rules: [sql, defaults[1]], ignored: [defaults[0]], warnings: [] });
  });
});
