import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseConfigText } from "./parse-config-text.js";

describe("parseConfigText", () => {
  it("parseConfigText: accepts comments and trailing commas in JSONC", () => {
    const text = '{\n  // the worker\n  "name": "w", /* inline */\n  "compatibility_flags": ["a",],\n}\n';
    assert.deepEqual(parseConfigText(text, "/p/wrangler.jsonc", "wrangler.jsonc"), {
      name: "w",
      compatibility_flags: ["a"],
    });
  });

  it("parseConfigText: reads .json files as JSONC too", () => {
    assert.deepEqual(parseConfigText('{ "name": "w", // note\n}', "/p/wrangler.json", "wrangler.json"), { name: "w" });
  });

  it("parseConfigText: reports a JSONC syntax error as file:line:col with the error in words", () => {
    const text = '{\n  "name": "w"\n  "main": "src/index.ts"\n}\n';
    assert.throws(() => parseConfigText(text, "/p/wrangler.jsonc", "wrangler.jsonc"), (error: Error & { code?: string }) => {
      assert.equal(error.code, "ERR_CONFIG_SYNTAX");
      assert.match(error.message, /^wrangler\.jsonc:3:3: comma expected\n/);
      assert.match(error.message, /\n {2}3 \| {3}"main": "src\/index.ts"\n {4}\| {3}\^$/);
      return true;
    });
  });

  it("parseConfigText: parses TOML tables", () => {
    const text = 'name = "w"\n[vars]\nA = "1"\n[[services]]\nbinding = "B"\nservice = "b"\n';
    // smol-toml builds objects without a prototype; compare their contents only.
    const parsed: unknown = parseConfigText(text, "/p/wrangler.toml", "wrangler.toml");
    assert.deepEqual(JSON.parse(JSON.stringify(parsed)), {
      name: "w",
      vars: { A: "1" },
      services: [{ binding: "B", service: "b" }],
    });
  });

  it("parseConfigText: reports a TOML syntax error with its line and column", () => {
    const text = 'name = "w"\nmain = \n';
    assert.throws(() => parseConfigText(text, "/p/wrangler.toml", "wrangler.toml"), (error: Error & { code?: string }) => {
      assert.equal(error.code, "ERR_CONFIG_SYNTAX");
      assert.match(error.message, /^wrangler\.toml:2:8: /);
      assert.ok(!error.message.includes("    at "), "no stack in the message");
      return true;
    });
  });
});
