import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Json } from "./definition-types.js";
import { fitsPayloadLimit, MAX_PAYLOAD_BYTES } from "./payload-limit.js";

/** A JSON string whose text is exactly `bytes` bytes of UTF-8 with `unit` repeated (quotes included). */
const stringOf = (bytes: number, unit = "a") => unit.repeat((bytes - 2) / Buffer.byteLength(unit));

describe("Payload limit", () => {
  const cases: [string, Json, boolean][] = [
    ["a small object", { n: 1, s: "x", list: [true, null, 2.5] }, true],
    ["a string of exactly 262,144 bytes", stringOf(MAX_PAYLOAD_BYTES), true],
    ["a string of 262,146 bytes", stringOf(MAX_PAYLOAD_BYTES + 2), false],
    ["two-byte characters, counted in UTF-8 bytes, not characters", stringOf(MAX_PAYLOAD_BYTES + 2, "é"), false],
    ["two-byte characters within the limit", stringOf(MAX_PAYLOAD_BYTES, "é"), true],
    ["escapes counted as written: 131,073 newlines are 262,148 bytes", "\n".repeat(131_073), false],
    ["many small items whose bound passes the limit but not their size", Array.from({ length: 30_000 }, (_, i) => i), true],
    ["many small objects over the limit", Array.from({ length: 30_000 }, (_, i) => ({ item: i })), false],
  ];
  for (const [what, value, fits] of cases) {
    it(`fitsPayloadLimit: ${what} ${fits ? "fits" : "does not fit"}`, () => {
      assert.equal(Buffer.byteLength(JSON.stringify(value)) <= MAX_PAYLOAD_BYTES, fits, "the case itself");
      assert.equal(fitsPayloadLimit(value), fits);
    });
  }
});
