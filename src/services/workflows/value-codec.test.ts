import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decodeValue, encodeValue } from "./value-codec.js";

describe("value codec", () => {
  it("encodeValue: plain JSON encodes as itself", () => {
    assert.equal(encodeValue({ a: [1, "x", null, true] }), '{"a":[1,"x",null,true]}');
  });

  it("decodeValue: structured-clone types round-trip", () => {
    const value = {
      when: new Date(5),
      map: new Map<unknown, unknown>([[1, { nested: new Set(["a"]) }]]),
      none: undefined,
      big: 12345678901234567890n,
      odd: [NaN, -0, Infinity],
      re: /a+/gi,
      bytes: new Uint16Array([1, 65535]),
      buffer: new Uint8Array([9, 8]).buffer,
      $: "tagged key",
    };
    assert.deepEqual(decodeValue(encodeValue(value)), value);
  });

  it("encodeValue: a value that refers to itself is refused", () => {
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    assert.throws(() => encodeValue(loop), /refers to itself/);
  });
});
