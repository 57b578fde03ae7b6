import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { R2Error } from "./errors.js";
import { parseRangeHeader, resolveRange } from "./range.js";

describe("resolveRange", () => {
  it("resolveRange: offset/length, suffix, and clamping to the object", () => {
    assert.deepEqual(resolveRange({ offset: 2, length: 3 }, 10), { offset: 2, length: 3 });
    assert.deepEqual(resolveRange({ offset: 8, length: 5 }, 10), { offset: 8, length: 2 });
    assert.deepEqual(resolveRange({ length: 4 }, 10), { offset: 0, length: 4 });
    assert.deepEqual(resolveRange({ suffix: 3 }, 10), { offset: 7, length: 3 });
    assert.deepEqual(resolveRange({ suffix: 30 }, 10), { offset: 0, length: 10 });
  });

  it("resolveRange: past the end or empty is InvalidRange", () => {
    for (const range of [{ offset: 11 }, { offset: 10 }, { offset: 1, length: 0 }, { suffix: 0 }]) {
      assert.throws(() => resolveRange(range, 10), (error) => error instanceof R2Error && error.code === "InvalidRange" && error.v4code === 10039, JSON.stringify(range));
    }
  });
});

describe("parseRangeHeader", () => {
  it("parseRangeHeader: one byte range, or undefined for anything else", () => {
    assert.deepEqual(parseRangeHeader("bytes=0-4"), { offset: 0, length: 5 });
    assert.deepEqual(parseRangeHeader("bytes=5-"), { offset: 5 });
    assert.deepEqual(parseRangeHeader("bytes=-3"), { suffix: 3 });
    for (const header of ["bytes=0-1,3-4", "items=0-1", "bytes=4-2", "bytes=-", "nonsense"]) assert.equal(parseRangeHeader(header), undefined, header);
  });
});
