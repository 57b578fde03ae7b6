import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FixedWindows } from "./fixed-windows.js";

describe("FixedWindows", () => {
  const start = 1_800_000_000_000;

  it("allows `limit` uses of a key per window, then refuses until the next window begins", () => {
    const windows = new FixedWindows();
    const takes = [0, 1, 2, 3].map((ms) => windows.take("1001", "alice", 3, 10, start + ms));
    assert.deepEqual(takes, [true, true, true, false]);
    assert.equal(windows.take("1001", "alice", 3, 10, start + 9_999), false);
    assert.equal(windows.take("1001", "alice", 3, 10, start + 10_000), true, "windows are aligned to the epoch");
  });

  it("counts keys, namespaces and periods apart", () => {
    const windows = new FixedWindows();
    windows.take("1001", "alice", 1, 60, start);
    assert.equal(windows.take("1001", "alice", 1, 60, start), false);
    assert.equal(windows.take("1001", "bob", 1, 60, start), true);
    assert.equal(windows.take("1002", "alice", 1, 60, start), true);
    assert.equal(windows.take("1001", "alice", 1, 10, start), true);
  });
});
