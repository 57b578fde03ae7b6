import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { idFromName } from "./object-id.js";

describe("idFromName", () => {
  it("idFromName: gives the id workerd stored for the object named x", () => {
    assert.equal(idFromName("durable-objects-Counter", "x"), "286bd8e2da53051cb8529427b6764d36efc9ac23f3d0a985d7085e1d8f818a86");
  });
});
