import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { mergeEnvironment } from "./merge-environment.js";

describe("mergeEnvironment", () => {
  it("mergeEnvironment: inheritable fields fall back to the top level, environment values win", () => {
    const { merged, warnings } = mergeEnvironment(
      { main: "src/index.ts", compatibility_date: "2025-01-01", no_bundle: true },
      { compatibility_date: "2025-06-01" },
      "staging",
    );
    assert.deepEqual(merged, { main: "src/index.ts", compatibility_date: "2025-06-01", no_bundle: true });
    assert.deepEqual(warnings, []);
  });

  it("mergeEnvironment: not-inheritable fields are not inherited, and wrangler's warning says so", () => {
    const { merged, warnings } = mergeEnvironment(
      { vars: { A: "1" }, services: [{ binding: "B", service: "b" }], r2_buckets: [{ binding: "FILES" }] },
      { services: [] },
      "staging",
    );
    assert.deepEqual(merged, { services: [] });
    assert.deepEqual(warnings, [
      '"vars" exists at the top level, but not on "env.staging". This is not what you probably want, since "vars" is not inherited by environments. Please add "vars" to "env.staging".',
      '"r2_buckets" exists at the top level, but not on "env.staging". This is not what you probably want, since "r2_buckets" is not inherited by environments. Please add "r2_buckets" to "env.staging".',
    ]);
  });

  it("mergeEnvironment: warns for each top-level var an environment's vars leave out", () => {
    const { merged, warnings } = mergeEnvironment({ vars: { A: "1", B: "2" } }, { vars: { A: "x" } }, "prod");
    assert.deepEqual(merged, { vars: { A: "x" } });
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] ?? "", /^"vars\.B" exists at the top level, but not on "env\.prod\.vars"\./);
  });

  it("mergeEnvironment: top-level-only fields come from the top level", () => {
    const { merged } = mergeEnvironment({ alias: { a: "./a.ts" } }, {}, "staging");
    assert.deepEqual(merged, { alias: { a: "./a.ts" } });
  });
});
