import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, it } from "node:test";
import { TempProjects } from "../../src/config/temp-projects.js";
import { OutpostDev } from "../helpers/outpost-cli.js";

/**
 * A Worker that drives the Cache API for the test: `POST /put` stores `{ status, headers, body }`
 * under `?key=`, `GET /match` matches it with the request's conditional and range headers,
 * `GET /delete` deletes it, each in `caches.open(?cache=)` when given, else `caches.default`.
 */
const CACHE_LAB = `
async function cacheOf(url: URL): Promise<Cache> {
  const name = url.searchParams.get("cache");
  return name === null ? caches.default : await caches.open(name);
}

export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const key = "https://cached.example" + (url.searchParams.get("key") ?? "/");
    const cache = await cacheOf(url);
    try {
      switch (url.pathname) {
        case "/put": {
          const { status = 200, headers = {}, body = "" } = (await request.json()) as { status?: number; headers?: Record<string, string>; body?: string };
          await cache.put(url.searchParams.get("method") === "POST" ? new Request(key, { method: "POST" }) : key, new Response(body, { status, headers }));
          return new Response("stored");
        }
        case "/match": {
          const asked = new Headers();
          for (const name of ["range", "if-none-match", "if-modified-since"]) if (request.headers.has(name)) asked.set(name, request.headers.get(name)!);
          const hit = await cache.match(new Request(key, { headers: asked }));
          if (hit === undefined) return Response.json({ miss: true });
          return Response.json({ status: hit.status, headers: Object.fromEntries(hit.headers), body: await hit.text() });
        }
        case "/delete":
          return Response.json({ deleted: await cache.delete(key) });
      }
      return new Response("no such route", { status: 404 });
    } catch (error) {
      return Response.json({ error: String(error) }, { status: 500 });
    }
  },
};
`;

interface Matched {
  miss?: true;
  status?: number;
  headers?: Record<string, string>;
  body?: string;
}

describe("Cache API: caches.default and caches.open()", () => {
  const projects = new TempProjects();
  let project: string;
  let dev: OutpostDev;

  before(async () => {
    project = projects.create({
      "wrangler.jsonc": JSON.stringify({ name: "cache-lab", main: "src/index.ts", compatibility_date: "2025-06-01" }),
      "src/index.ts": CACHE_LAB,
    });
    dev = await OutpostDev.start([project]);
  });
  after(async () => {
    await dev.kill();
    projects.removeAll();
  });

  async function put(key: string, stored: { status?: number; headers?: Record<string, string>; body?: string }, query = ""): Promise<Response> {
    return dev.fetch(`/put?key=${encodeURIComponent(key)}${query}`, { method: "POST", body: JSON.stringify(stored) });
  }
  async function match(key: string, headers: Record<string, string> = {}, query = ""): Promise<Matched> {
    return (await (await dev.fetch(`/match?key=${encodeURIComponent(key)}${query}`, { headers })).json()) as Matched;
  }

  it("match() misses, put() stores, match() returns the response with CF-Cache-Status: HIT", async () => {
    assert.deepEqual(await match("/first"), { miss: true });
    assert.equal(await (await put("/first", { headers: { "cache-control": "max-age=600", "content-type": "text/plain", "x-kept": "yes" }, body: "cached body" })).text(), "stored");
    assert.deepEqual(await match("/first"), {
      status: 200,
      headers: { "cache-control": "max-age=600", "cf-cache-status": "HIT", "content-length": "11", "content-type": "text/plain", "x-kept": "yes" },
      body: "cached body",
    });
  });

  it("delete() says whether there was an entry, and the entry is gone", async () => {
    await put("/doomed", { headers: { "cache-control": "max-age=600" }, body: "x" });
    assert.deepEqual(await (await dev.fetch("/delete?key=/doomed")).json(), { deleted: true });
    assert.deepEqual(await match("/doomed"), { miss: true });
    assert.deepEqual(await (await dev.fetch("/delete?key=/doomed")).json(), { deleted: false });
  });

  it("caches.open(name) is a cache of its own, apart from caches.default and from other names", async () => {
    await put("/shared-key", { headers: { "cache-control": "max-age=600" }, body: "in named" }, "&cache=named");
    assert.equal((await match("/shared-key", {}, "&cache=named")).body, "in named");
    assert.deepEqual(await match("/shared-key"), { miss: true });
    assert.deepEqual(await match("/shared-key", {}, "&cache=other"), { miss: true });
  });

  it("what is kept follows Cache-Control, Expires, Set-Cookie and the status's default TTL", async () => {
    const cases: [string, { status?: number; headers?: Record<string, string> }, boolean][] = [
      ["/no-store", { headers: { "cache-control": "no-store" } }, false],
      ["/no-cache", { headers: { "cache-control": "no-cache" } }, false],
      ["/private", { headers: { "cache-control": "private, max-age=600" } }, false],
      ["/max-age-0", { headers: { "cache-control": "max-age=0" } }, false],
      ["/s-maxage-wins", { headers: { "cache-control": "s-maxage=0, max-age=600" } }, false],
      ["/cookie", { headers: { "cache-control": "max-age=600", "set-cookie": "session=1" } }, false],
      ["/expired", { headers: { expires: new Date(Date.now() - 60_000).toUTCString() } }, false],
      ["/server-error", { status: 500 }, false],
      ["/plain-200", {}, true],
      ["/plain-404", { status: 404 }, true],
      ["/expires-later", { status: 500, headers: { expires: new Date(Date.now() + 600_000).toUTCString() } }, true],
    ];
    for (const [key, stored] of cases) await put(key, { ...stored, body: key });
    const kept = await Promise.all(cases.map(async ([key]) => (await match(key)).miss !== true));
    assert.deepEqual(
      cases.map(([key], i) => [key, kept[i]]),
      cases.map(([key, , expected]) => [key, expected]),
    );
  });

  it("Cache-Control: private=Set-Cookie keeps the response without its cookie", async () => {
    await put("/cookie-private", { headers: { "cache-control": "max-age=600, private=Set-Cookie", "set-cookie": "session=1" }, body: "shared part" });
    const hit = await match("/cookie-private");
    assert.equal(hit.body, "shared part");
    assert.equal(hit.headers?.["set-cookie"], undefined);
  });

  it("an entry past its max-age is a miss", async () => {
    await put("/short", { headers: { "cache-control": "max-age=1" }, body: "brief" });
    assert.equal((await match("/short")).body, "brief");
    await sleep(1_100);
    assert.deepEqual(await match("/short"), { miss: true });
  });

  it("match() answers If-None-Match and If-Modified-Since with 304, and Range with 206 or 416", async () => {
    const lastModified = new Date(Date.now() - 3_600_000).toUTCString();
    await put("/conditional", { headers: { "cache-control": "max-age=600", etag: '"v7"', "last-modified": lastModified }, body: "0123456789" });
    assert.equal((await match("/conditional", { "if-none-match": 'W/"v7"' })).status, 304);
    assert.equal((await match("/conditional", { "if-none-match": '"v6"' })).status, 200);
    assert.equal((await match("/conditional", { "if-modified-since": new Date().toUTCString() })).status, 304);
    const part = await match("/conditional", { range: "bytes=2-4" });
    assert.deepEqual([part.status, part.headers?.["content-range"], part.body], [206, "bytes 2-4/10", "234"]);
    const suffix = await match("/conditional", { range: "bytes=-3" });
    assert.deepEqual([suffix.status, suffix.body], [206, "789"]);
    const beyond = await match("/conditional", { range: "bytes=20-" });
    assert.deepEqual([beyond.status, beyond.headers?.["content-range"]], [416, "bytes */10"]);
  });

  it("put() refuses what workerd refuses: a non-GET request and a 206 response", async () => {
    const post = await put("/refused", { body: "x" }, "&method=POST");
    assert.equal(post.status, 500);
    assert.match(((await post.json()) as { error: string }).error, /TypeError: Cannot cache response to non-GET request/);
    const partial = await put("/refused", { status: 206, body: "x" });
    assert.match(((await partial.json()) as { error: string }).error, /TypeError: Cannot cache response to a range request \(206 Partial Content\)/);
  });

  it("an entry put before kill -9 of the whole process tree is there after restart", async () => {
    await put("/durable", { headers: { "cache-control": "max-age=600" }, body: "still here" });
    await dev.kill();
    dev = await OutpostDev.start([project]);
    assert.equal((await match("/durable")).body, "still here");
  });
});
