import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { OutpostDev, repoRoot } from "../helpers/outpost-cli.js";

describe("outpost dev: the Hono API example", () => {
  let dev: OutpostDev;
  const auth = { authorization: "Bearer dev-token", "content-type": "application/json" };
  before(async () => {
    dev = await OutpostDev.start([path.join(repoRoot, "examples/hono-api")]);
  });
  after(() => dev.kill());

  it("Hono: GET / answers JSON with a var and middleware's header", async () => {
    const response = await dev.fetch("/");
    assert.equal(response.headers.get("x-api-version"), "v1");
    assert.deepEqual(await response.json(), { name: "hono-api", version: "v1" });
  });

  it("Hono: getConnInfo() and request.cf see what Cloudflare's edge would give them", async () => {
    assert.deepEqual(await (await dev.fetch("/whoami")).json(), { address: "127.0.0.1", country: "US" });
  });

  it("Hono: the cache middleware answers from the Cache API until max-age passes", async () => {
    const first = await dev.fetch("/time");
    const { at } = (await first.json()) as { at: string };
    const second = await dev.fetch("/time");
    assert.equal(second.headers.get("cache-control"), "max-age=60");
    assert.deepEqual(await second.json(), { at });
  });

  it("Hono: a validated POST returns 201 with the created resource", async () => {
    const response = await dev.fetch("/api/todos", { method: "POST", headers: auth, body: JSON.stringify({ title: "try outpost" }) });
    assert.equal(response.status, 201);
    const todo = (await response.json()) as { id: string; title: string; done: boolean };
    assert.equal(todo.title, "try outpost");
    assert.equal(todo.done, false);
    const fetched = await dev.fetch(`/api/todos/${todo.id}`, { headers: auth });
    assert.deepEqual(await fetched.json(), todo);
  });

  it("Hono: an invalid body returns 400 from the zod validator", async () => {
    const response = await dev.fetch("/api/todos", { method: "POST", headers: auth, body: JSON.stringify({ title: "" }) });
    assert.equal(response.status, 400);
    const body = (await response.json()) as { success: boolean };
    assert.equal(body.success, false);
  });

  it("Hono: auth middleware returns 401 without the secret token", async () => {
    const missing = await dev.fetch("/api/todos", { method: "POST", body: "{}" });
    assert.equal(missing.status, 401);
    await missing.text();
    const wrong = await dev.fetch("/api/todos/x", { headers: { authorization: "Bearer nope" } });
    assert.equal(wrong.status, 401);
    await wrong.text();
  });
});
