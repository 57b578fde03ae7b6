import assert from "node:assert/strict";
import path from "node:path";
import { describe, it } from "node:test";
import Database from "better-sqlite3";
import { useFixtureCopy, useRunningCopy } from "../helpers/fixture-copy.js";
import { fixturesDir, OutpostDev } from "../helpers/outpost-cli.js";
import { kvCall } from "./kv-client.js";

describe("KV binding: every method through workerd's native binding", () => {
  let dev: OutpostDev;
  useRunningCopy("kv", (started) => (dev = started));

  it("get: every type, and null for a missing key", async () => {
    await kvCall(dev, "put", ["doc", JSON.stringify({ a: [1, 2] })]);
    assert.deepEqual((await kvCall(dev, "get", ["doc"])).result, '{"a":[1,2]}');
    assert.deepEqual((await kvCall(dev, "get", ["doc", "json"])).result, { a: [1, 2] });
    assert.deepEqual((await kvCall(dev, "get", ["doc", { type: "arrayBuffer" }])).result, { bytes: [...Buffer.from('{"a":[1,2]}')] });
    assert.deepEqual((await kvCall(dev, "get", ["doc", "stream"])).result, { stream: '{"a":[1,2]}' });
    assert.equal((await kvCall(dev, "get", ["doc", { cacheTtl: 30 }])).result, '{"a":[1,2]}');
    assert.equal((await kvCall(dev, "get", ["missing"])).result, null);
  });

  it("put: bytes and streams round-trip exactly", async () => {
    const bytes = [0, 255, 1, 128, 10, 13];
    await kvCall(dev, "putBytes", ["binary", bytes]);
    assert.deepEqual((await kvCall(dev, "get", ["binary", "arrayBuffer"])).result, { bytes });
    const big = "x".repeat(3 * 1024 * 1024);
    const response = await dev.fetch("/stream-put?key=streamed", { method: "PUT", body: big });
    assert.equal(await response.text(), "ok");
    assert.equal(((await kvCall(dev, "get", ["streamed"])).result as string).length, big.length);
  });

  it("getWithMetadata: value and metadata, single and bulk", async () => {
    await kvCall(dev, "put", ["with-meta", "v", { metadata: { owner: "ada", n: 1 } }]);
    const single = (await kvCall(dev, "getWithMetadata", ["with-meta"])).result as { value: string; metadata: unknown };
    assert.equal(single.value, "v");
    assert.deepEqual(single.metadata, { owner: "ada", n: 1 });
    const none = (await kvCall(dev, "getWithMetadata", ["doc"])).result as { metadata: unknown };
    assert.equal(none.metadata, null);
    const bulk = (await kvCall(dev, "getWithMetadata", [["with-meta", "missing"]])).result as { map: Record<string, unknown> };
    assert.deepEqual(bulk.map, { "with-meta": { value: "v", metadata: { owner: "ada", n: 1 } }, missing: null });
  });

  it("get: bulk of up to 100 keys, text and json", async () => {
    await kvCall(dev, "put", ["j1", '{"n":1}']);
    await kvCall(dev, "put", ["j2", '{"n":2}']);
    assert.deepEqual((await kvCall(dev, "get", [["j1", "j2", "nope"]])).result, { map: { j1: '{"n":1}', j2: '{"n":2}', nope: null } });
    assert.deepEqual((await kvCall(dev, "get", [["j1", "j2"], "json"])).result, { map: { j1: { n: 1 }, j2: { n: 2 } } });
    const hundred = Array.from({ length: 100 }, (_, i) => `bulk-${i}`);
    const result = (await kvCall(dev, "get", [hundred])).result as { map: Record<string, unknown> };
    assert.equal(Object.keys(result.map).length, 100);
  });

  it("put: expiration and expirationTtl show in list as absolute seconds", async () => {
    const now = Math.floor(Date.now() / 1000);
    await kvCall(dev, "put", ["ttl:a", "1", { expirationTtl: 120 }]);
    await kvCall(dev, "put", ["ttl:b", "2", { expiration: now + 3600 }]);
    const page = (await kvCall(dev, "list", [{ prefix: "ttl:" }])).result as { keys: { name: string; expiration: number }[] };
    assert.deepEqual(page.keys.map((key) => key.name), ["ttl:a", "ttl:b"]);
    assert.ok(Math.abs(page.keys[0]!.expiration - (now + 120)) <= 2);
    assert.equal(page.keys[1]!.expiration, now + 3600);
  });

  it("delete: removes a key; deleting a missing key is a no-op", async () => {
    await kvCall(dev, "put", ["gone", "x"]);
    assert.equal((await kvCall(dev, "delete", ["gone"])).error, undefined);
    assert.equal((await kvCall(dev, "get", ["gone"])).result, null);
    assert.equal((await kvCall(dev, "delete", ["never-there"])).error, undefined);
  });

  it("list: UTF-8 byte order, metadata only when set, cursor only when incomplete", async () => {
    for (const key of ["o:é", "o:z", "o:A", "o:😀", "o:a"]) await kvCall(dev, "put", [key, "v"]);
    await kvCall(dev, "put", ["o:m", "v", { metadata: { x: 1 } }]);
    const page = (await kvCall(dev, "list", [{ prefix: "o:" }])).result as { keys: { name: string; metadata?: unknown }[]; list_complete: boolean; cursor?: string };
    assert.deepEqual(page.keys.map((key) => key.name), ["o:A", "o:a", "o:m", "o:z", "o:é", "o:😀"]);
    assert.deepEqual(page.keys.find((key) => key.name === "o:m")?.metadata, { x: 1 });
    assert.equal("metadata" in page.keys[0]!, false);
    assert.equal(page.list_complete, true);
    assert.equal("cursor" in page, false);
  });

  it("list: pages of `limit` keys over more than 1000 keys with a prefix", async () => {
    const total = 1050;
    await Promise.all(
      Array.from({ length: 21 }, async (_, worker) => {
        for (let i = worker; i < total; i += 21) await kvCall(dev, "put", [`page:${String(i).padStart(5, "0")}`, "v"]);
      }),
    );
    await kvCall(dev, "put", ["pagf", "outside the prefix"]);
    const first = (await kvCall(dev, "list", [{ prefix: "page:" }])).result as { keys: { name: string }[]; list_complete: boolean; cursor: string };
    assert.equal(first.keys.length, 1000);
    assert.equal(first.list_complete, false);
    const second = (await kvCall(dev, "list", [{ prefix: "page:", cursor: first.cursor }])).result as { keys: { name: string }[]; list_complete: boolean };
    assert.equal(second.keys.length, 50);
    assert.equal(second.list_complete, true);
    assert.equal(second.keys.at(-1)!.name, "page:01049");
    const small = (await kvCall(dev, "list", [{ prefix: "page:", limit: 10 }])).result as { keys: unknown[]; cursor: string };
    assert.equal(small.keys.length, 10);
    assert.equal(typeof small.cursor, "string");
  });

  it("namespaces: a binding without an id is its own namespace, apart from the others", async () => {
    await kvCall(dev, "put", ["same-key", "in OTHER"], "OTHER");
    await kvCall(dev, "put", ["same-key", "in KV"], "KV");
    assert.equal((await kvCall(dev, "get", ["same-key"], "OTHER")).result, "in OTHER");
    assert.equal((await kvCall(dev, "get", ["same-key"], "KV")).result, "in KV");
  });
});

describe("KV binding: limits and errors, with Cloudflare's texts", () => {
  let dev: OutpostDev;
  useRunningCopy("kv", (started) => (dev = started));

  // Arguments as a function are computed when the case runs: a time relative to now would go stale while dev starts.
  const cases: [string, string, unknown[] | (() => unknown[]), string][] = [
    ["empty key", "get", [""], "TypeError: Key name cannot be empty."],
    ["'.' key", "put", [".", "v"], 'TypeError: "." is not allowed as a key name.'],
    ["'..' key", "get", [".."], 'TypeError: ".." is not allowed as a key name.'],
    ["513-byte key", "get", ["k".repeat(513)], "Error: KV GET failed: 414 UTF-8 encoded length of 513 exceeds key length limit of 512."],
    ["TTL under 60", "put", ["k", "v", { expirationTtl: 30 }], "Error: KV PUT failed: 400 Invalid expiration_ttl of 30. Expiration TTL must be at least 60."],
    [
      "expiration too soon",
      "put",
      () => ["k", "v", { expiration: Math.floor(Date.now() / 1000) + 10 }],
      "Expiration times must be at least 60 seconds in the future.",
    ],
    ["bad cacheTtl", "get", ["k", { cacheTtl: 10 }], "Error: KV GET failed: 400 Invalid cache_ttl of 10. Cache TTL must be at least 30."],
    ["oversized metadata", "put", ["k", "v", { metadata: { blob: "m".repeat(1100) } }], "Error: KV PUT failed: 413 Metadata length of 1111 exceeds limit of 1024."],
    ["list limit over 1000", "list", [{ limit: 1001 }], "Error: KV GET failed: 400 Invalid key_count_limit of 1001. Please specify an integer less than 1000."],
    ["bulk of 101 keys", "get", [Array.from({ length: 101 }, (_, i) => `k${i}`)], "KV GET_BULK failed: 400 You can request a maximum of 100 keys"],
    ["bulk arrayBuffer", "get", [["a"], "arrayBuffer"], '"arrayBuffer" is not a valid type. Use "json" or "text"'],
  ];
  for (const [name, method, args, expected] of cases) {
    it(`errors: ${name}`, async () => {
      const { error } = await kvCall(dev, method, typeof args === "function" ? args() : args);
      assert.ok(error?.includes(expected), `expected ${JSON.stringify(expected)} in ${JSON.stringify(error)}`);
    });
  }

  it("errors: oversized value (25 MiB + 1) is refused and nothing is stored", async () => {
    const response = await dev.fetch(`/put-size?key=huge&bytes=${25 * 1024 * 1024 + 1}`);
    assert.equal(response.status, 500);
    assert.match(await response.text(), /KV PUT failed: 413 Value length of 26214401 exceeds limit of 26214400\./);
    assert.equal((await kvCall(dev, "get", ["huge"])).result, null);
    assert.equal(await (await dev.fetch(`/put-size?key=max&bytes=${25 * 1024 * 1024}`)).text(), "ok");
  });

  it("errors: a non-JSON value in a JSON bulk get", async () => {
    await kvCall(dev, "put", ["plain", "not json"]);
    const { error } = await kvCall(dev, "get", [["plain"], "json"]);
    assert.ok(error?.includes("At least one of the requested keys corresponds to a non-json value"), error);
  });
});

describe("KV binding: storage", () => {
  let project: string;
  useFixtureCopy("kv", (copy) => (project = copy));

  it("two workers bound to one namespace id share its keys", async () => {
    const dev = await OutpostDev.start(["-c", project, "-c", path.join(fixturesDir, "kv-reader")]);
    try {
      await kvCall(dev, "put", ["shared", "written by kv"]);
      assert.equal(await (await dev.fetch("/reader?key=shared")).text(), "written by kv");
      assert.equal(await (await dev.fetch("/reader?key=from-reader", { method: "PUT", body: "written by kv-reader" })).text(), "stored");
      assert.equal((await kvCall(dev, "get", ["from-reader"])).result, "written by kv-reader");

      // A read with cacheTtl may be served from the isolate's cache, as stale as Cloudflare allows;
      // a read without it always sees the store, and this isolate's own writes drop the cached copy.
      await kvCall(dev, "put", ["cached", "1"]);
      assert.equal((await kvCall(dev, "get", ["cached", { cacheTtl: 60 }])).result, "1");
      await dev.fetch("/reader?key=cached", { method: "PUT", body: "2" });
      assert.equal((await kvCall(dev, "get", ["cached"])).result, "2");
      assert.equal((await kvCall(dev, "get", ["cached", { cacheTtl: 60 }])).result, "1");
      const withMetadata = (await kvCall(dev, "getWithMetadata", ["cached", { cacheTtl: 60, type: "json" }])).result as { value: unknown };
      assert.equal(withMetadata.value, 1);
      await kvCall(dev, "put", ["cached", "3"]);
      assert.equal((await kvCall(dev, "get", ["cached", { cacheTtl: 60 }])).result, "3");
    } finally {
      await dev.kill();
    }
  });

  it("expiry: an expired key is never returned and is removed from disk on restart", async () => {
    const database = path.join(project, ".outpost/kv/kv.sqlite");
    let dev = await OutpostDev.start([project]);
    try {
      await kvCall(dev, "put", ["short-lived", "v", { expirationTtl: 60 }]);
      await kvCall(dev, "put", ["long-lived", "v", { expirationTtl: 3600 }]);
      // Move the key's expiry into the past instead of waiting a minute: the store's own file, as a clock would.
      const db = new Database(database);
      db.prepare("UPDATE kv_entries SET expiration = ? WHERE key = 'short-lived'").run(Date.now() - 1000);
      db.close();
      assert.equal((await kvCall(dev, "get", ["short-lived"])).result, null);
      const page = (await kvCall(dev, "list", [{ prefix: "" }])).result as { keys: { name: string }[] };
      assert.ok(!page.keys.some((key) => key.name === "short-lived"));
      assert.ok(page.keys.some((key) => key.name === "long-lived"));
    } finally {
      await dev.stop();
    }
    dev = await OutpostDev.start([project]);
    await dev.kill();
    const db = new Database(database, { readonly: true });
    const rows = db.prepare("SELECT key FROM kv_entries").all() as { key: string }[];
    db.close();
    assert.deepEqual(rows.map((row) => row.key).sort(), ["cached", "from-reader", "long-lived", "shared"]);
  });
});
