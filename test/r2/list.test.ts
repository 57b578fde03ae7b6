import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { useRunningCopy } from "../helpers/fixture-copy.js";
import type { OutpostDev } from "../helpers/outpost-cli.js";
import { r2Call, r2Object, type ReportedObject } from "./r2-client.js";

interface Page {
  objects: ReportedObject[];
  truncated: boolean;
  cursor?: string;
  delimitedPrefixes: string[];
}

const KEYS = ["a", "b/1", "b/2", "b/c/3", "c", "d/1", "é", "😀"];

describe("R2 binding: list", () => {
  let dev: OutpostDev;
  const list = async (options: unknown): Promise<Page> => {
    const { result, error } = await r2Call(dev, "list", [options]);
    if (error !== undefined) throw new Error(error);
    return result as Page;
  };
  useRunningCopy("r2", async (started) => {
    dev = started;
    for (const key of KEYS) await r2Object(dev, "put", [key, key, { httpMetadata: { contentType: "text/plain" }, customMetadata: { k: key } }]);
  });

  it("list: every key in UTF-8 byte order, without metadata unless included", async () => {
    const page = await list({});
    assert.deepEqual(page.objects.map((o) => o.key), KEYS);
    assert.equal(page.truncated, false);
    assert.equal(page.cursor, undefined);
    assert.equal(page.objects[0]!.customMetadata, undefined);
    const both = (await list({ include: ["httpMetadata", "customMetadata"] })).objects[0]!;
    assert.deepEqual(both.customMetadata, { k: "a" });
    assert.deepEqual(both.httpMetadata, { contentType: "text/plain" });
  });

  it("list: prefix, startAfter and delimiter", async () => {
    assert.deepEqual((await list({ prefix: "b/" })).objects.map((o) => o.key), ["b/1", "b/2", "b/c/3"]);
    assert.deepEqual((await list({ startAfter: "b/2" })).objects.map((o) => o.key), ["b/c/3", "c", "d/1", "é", "😀"]);
    const delimited = await list({ delimiter: "/" });
    assert.deepEqual(delimited.objects.map((o) => o.key), ["a", "c", "é", "😀"]);
    assert.deepEqual(delimited.delimitedPrefixes, ["b/", "d/"]);
    const nested = await list({ prefix: "b/", delimiter: "/" });
    assert.deepEqual(nested.objects.map((o) => o.key), ["b/1", "b/2"]);
    assert.deepEqual(nested.delimitedPrefixes, ["b/c/"]);
  });

  it("list: limit and cursor page through everything once, prefixes counting toward the limit", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page: Page = await list({ limit: 2, delimiter: "/", ...(cursor === undefined ? {} : { cursor }) });
      assert.ok(page.objects.length + page.delimitedPrefixes.length <= 2);
      seen.push(...page.objects.map((o) => o.key), ...page.delimitedPrefixes);
      cursor = page.truncated ? page.cursor : undefined;
      if (page.truncated) assert.equal(typeof page.cursor, "string");
    } while (cursor !== undefined);
    assert.deepEqual(seen.sort(), ["a", "b/", "c", "d/", "é", "😀"].sort());
  });

  it("list: include returns only the metadata asked for, and writeHttpMetadata needs httpMetadata", async () => {
    const http = (await list({ include: ["httpMetadata"] })).objects[0]!;
    assert.deepEqual(http.httpMetadata, { contentType: "text/plain" });
    assert.equal(http.customMetadata, undefined);
    assert.deepEqual(http.writeHttpMetadata, { "content-type": "text/plain" });
    const custom = (await list({ include: ["customMetadata"] })).objects[0]!;
    assert.deepEqual(custom.customMetadata, { k: "a" });
    assert.match(String(custom.writeHttpMetadata), /Error/);
  });

  it("list: a limit outside 1..1000 is R2's error", async () => {
    assert.equal((await r2Call(dev, "list", [{ limit: 1001 }])).error, "Error: list: MaxKeys params must be positive integer <= 1000. (10022)");
  });
});
