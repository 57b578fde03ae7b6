import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { resolveClasses } from "./class-storage.js";

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
