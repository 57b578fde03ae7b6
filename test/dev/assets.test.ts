import assert from "node:assert/strict";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { useFixtureCopy } from "../helpers/fixture-copy.js";
import { fixturesDir, OutpostDev } from "../helpers/outpost-cli.js";

describe("outpost dev: static assets", () => {
  let dev: OutpostDev;
  before(async () => {
    dev = await OutpostDev.start([path.join(fixturesDir, "assets")]);
  });
  after(() => dev.kill());

  it("assets: serves files with their content type", async () => {
    const home = await dev.fetch("/");
    assert.equal(await home.text(), "<h1>Home</h1>");
    assert.match(home.headers.get("content-type") ?? "", /text\/html/);
    const css = await dev.fetch("/style.css");
    assert.match(css.headers.get("content-type") ?? "", /text\/css/);
    await css.text();
  });

  it("html_handling auto-trailing-slash: /about serves about.html and /about.html redirects", async () => {
    assert.equal(await (await dev.fetch("/about")).text(), "<h1>About</h1>");
    const redirect = await dev.fetch("/about.html", { redirect: "manual" });
    assert.equal(redirect.status, 307);
    assert.equal(redirect.headers.get("location"), "/about");
    const directory = await dev.fetch("/docs", { redirect: "manual" });
    assert.equal(directory.headers.get("location"), "/docs/");
  });

  it("assets: requests that match no file reach the worker", async () => {
    assert.deepEqual(await (await dev.fetch("/api/thing")).json(), { api: true });
  });

  it("not_found_handling 404-page: the worker's ASSETS.fetch of a missing file gets 404.html", async () => {
    const response = await dev.fetch("/missing");
    assert.equal(response.status, 404);
    assert.equal(await response.text(), "<h1>Not Found</h1>");
  });
});

describe("outpost dev: an assets-only single-page app", () => {
  let dev: OutpostDev;
  before(async () => {
    dev = await OutpostDev.start([path.join(fixturesDir, "spa")]);
  });
  after(() => dev.kill());

  it("not_found_handling single-page-application: unknown paths serve index.html", async () => {
    assert.equal(await (await dev.fetch("/")).text(), "<div id=app>SPA</div>");
    const deep = await dev.fetch("/some/route");
    assert.equal(deep.status, 200);
    assert.equal(await deep.text(), "<div id=app>SPA</div>");
  });
});

describe("outpost dev: assets with run_worker_first", () => {
  let dev: OutpostDev;
  let project: string;
  useFixtureCopy("assets", (copy) => (project = copy));
  before(async () => {
    await mkdir(path.join(project, "public/api"));
    await writeFile(path.join(project, "public/api/static.txt"), "a file under /api");
    await writeFile(path.join(project, "public/plain.txt"), "a plain file");
    const config = path.join(project, "wrangler.jsonc");
    const parsed = JSON.parse(await readFile(config, "utf8")) as { assets: Record<string, unknown> };
    parsed.assets.run_worker_first = ["/api/*"];
    await writeFile(config, JSON.stringify(parsed));
    dev = await OutpostDev.start([project]);
  });
  after(() => dev.kill());

  it("run_worker_first: matching paths reach the worker even where a file exists; others get the file", async () => {
    assert.deepEqual(await (await dev.fetch("/api/static.txt")).json(), { api: true });
    assert.equal(await (await dev.fetch("/plain.txt")).text(), "a plain file");
  });
});
