import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { exportedClasses, resolveClasses } from "./class-storage.js";

describe("resolveClasses", () => {
  it("resolveClasses: new classes are keyed by name; SQLite classes have SQL", () => {
    const { classes } = resolveClasses([{ tag: "v1", new_classes: ["Legacy"], new_sqlite_classes: ["Counter"] }]);
    assert.deepEqual(Object.fromEntries(classes), { Legacy: { key: "Legacy", sql: false }, Counter: { key: "Counter", sql: true } });
  });

  it("resolveClasses: a renamed class keeps its storage key, across several renames", () => {
    const { classes } = resolveClasses([
      { tag: "v1", new_sqlite_classes: ["Counter"] },
      { tag: "v2", renamed_classes: [{ from: "Counter", to: "Tally" }] },
      { tag: "v3", renamed_classes: [{ from: "Tally", to: "Score" }] },
    ]);
    assert.deepEqual(Object.fromEntries(classes), { Score: { key: "Counter", sql: true } });
  });

  it("resolveClasses: a deleted class gives up its key", () => {
    const { classes, deletedKeys } = resolveClasses([
      { tag: "v1", new_sqlite_classes: ["Counter", "Old"] },
      { tag: "v2", renamed_classes: [{ from: "Old", to: "Older" }] },
      { tag: "v3", deleted_classes: ["Older"] },
    ]);
    assert.deepEqual([...classes.keys()], ["Counter"]);
    assert.deepEqual(deletedKeys, ["Old"]);
  });
});

describe("exportedClasses", () => {
  it("exportedClasses: live Durable Object entries are classes, with SQL for sqlite storage; tombstones and Worker entries are not", () => {
    const { classes, deletedKeys } = exportedClasses({
      Counter: { type: "durable-object", storage: "sqlite" },
      Incoming: { type: "durable-object", state: "expecting-transfer", storage: "sqlite", transfer_from: "other" },
      Legacy: { type: "durable-object", storage: "legacy-kv" },
      Site: { type: "worker" },
      Gone: { type: "durable-object", state: "deleted" },
      Moved: { type: "durable-object", state: "transferred", transferred_to: "elsewhere" },
    });
    assert.deepEqual(Object.fromEntries(classes), {
      Counter: { key: "Counter", sql: true },
      Incoming: { key: "Incoming", sql: true },
      Legacy: { key: "Legacy", sql: false },
    });
    assert.deepEqual(deletedKeys, ["Gone"]);
  });

  it("exportedClasses: the class another was renamed to keeps the old one's key", () => {
    const { classes } = exportedClasses({
      Counter: { type: "durable-object", state: "renamed", renamed_to: "Tally" },
      Tally: { type: "durable-object", storage: "sqlite" },
    });
    assert.deepEqual(Object.fromEntries(classes), { Tally: { key: "Counter", sql: true } });
  });
});
