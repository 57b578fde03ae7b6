import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { fixturesDir, OutpostDev } from "../helpers/outpost-cli.js";
import { eventually } from "../helpers/until.js";

/** Run in place, so the fixture's Hono resolves from the repository's node_modules; its data goes to a temp directory. */
describe("Workers Sites (site.bucket) with Hono's serveStatic", () => {
  const project = path.join(fixturesDir, "workers-site");
  const added = path.join(project, "public", "static", "added.txt");
  let persistTo: string;
  let dev: OutpostDev;
  before(async () => {
    await rm(added, { force: true });
    persistTo = await mkdtemp(path.join(os.tmpdir(), "outpost-workers-site-"));
    dev = await OutpostDev.start([project, "--persist-to", persistTo]);
  });
  after(async () => {
    await dev.kill();
    await rm(added, { force: true });
    await rm(persistTo, { recursive: true, force: true });
  });

  async function get(pathname: string): Promise<[number, string]> {
    const response = await dev.fetch(pathname);
    return [response.status, await response.text()];
  }

  it("serves the bucket's files through __STATIC_CONTENT and the manifest module, minus what `exclude` leaves out", async () => {
    assert.deepEqual(await get("/static/hello.txt"), [200, "hello from the bucket\n"]);
    assert.deepEqual(await get("/docs/read%20me.md"), [200, "readme\n"]);
    assert.deepEqual(await get("/static/keys.env"), [404, "404 Not Found"], "*.env is excluded");
    assert.deepEqual(await (await dev.fetch("/keys")).json(), {
      keys: ["docs/read%20me.md", "index.html", "static/hello.txt"],
      manifest: { "docs/read me.md": "docs/read%20me.md", "index.html": "index.html", "static/hello.txt": "static/hello.txt" },
    });
  });

  it("__STATIC_CONTENT is read-only, with wrangler dev's message", async () => {
    assert.deepEqual(await (await dev.fetch("/keys/x", { method: "PUT" })).text(), "KV PUT failed: 405 Cannot put() with read-only Workers Sites namespace");
  });

  it("a file added to the bucket is served after the reload its change starts", async () => {
    await writeFile(added, "new file\n");
    // A request the reload cuts off before any response is tried again.
    const served = () => get("/static/added.txt").then(([status]) => (status === 200 ? true : undefined), () => undefined);
    await eventually(served, "the added file to be served", { timeoutMs: 15_000, intervalMs: 200 });
    assert.deepEqual(await get("/static/added.txt"), [200, "new file\n"]);
  });
});
