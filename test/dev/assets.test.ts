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

describe("outpost dev: an assets directory's _redirects, _headers and .assetsignore", () => {
  let dev: OutpostDev;
  let project: string;
  useFixtureCopy("assets-rules", (copied) => (project = copied));
  before(async () => {
    dev = await OutpostDev.start([project]);
  });
  after(() => dev.kill());

  const redirected = async (from: string) => {
    const response = await dev.fetch(from, { redirect: "manual" });
    await response.text();
    return [response.status, response.headers.get("location")];
  };

  it("_redirects: static, splat and placeholder rules redirect with their status, 302 by default", async () => {
    assert.deepEqual(await redirected("/old-home"), [301, "/"]);
    assert.deepEqual(await redirected("/manual/a/b"), [302, "/docs/a/b"]);
    assert.deepEqual(await redirected("/blog/2024/hello"), [308, "/posts/2024-hello"]);
  });

  it("_redirects: a 200 rule serves its target at the requested path", async () => {
    const response = await dev.fetch("/start", { redirect: "manual" });
    assert.equal(response.status, 200);
    assert.equal((await response.text()).trim(), "<h1>Guide</h1>");
  });

  it("_redirects and _headers: an invalid line is named in a warning, with its line number, and the rest apply", async () => {
    await dev.waitForOutput(
      /assets of assets-rules: Found 1 invalid redirect rule\(s\):\s+Expected exactly 2 or 3 whitespace-separated tokens\. Got 1\.\s+at _redirects:6 \| \/broken/,
    );
    await dev.waitForOutput(/assets of assets-rules: Found 1 invalid header rule\(s\):\s+Expected a colon-separated header pair[^\n]*\s+at _headers:6 \| this line is no header/);
  });

  it("_headers: each matching rule's headers are added to the asset's response", async () => {
    const home = await dev.fetch("/");
    await home.text();
    assert.equal(home.headers.get("x-frame-options"), "DENY");
    assert.equal(home.headers.get("x-section"), null);
    const guide = await dev.fetch("/docs/guide");
    await guide.text();
    assert.equal(guide.headers.get("x-frame-options"), "DENY");
    assert.equal(guide.headers.get("x-section"), "docs");
    assert.equal(guide.headers.get("cache-control"), "public, max-age=3600");
  });

  it(".assetsignore: ignored files are not served, nor are _headers, _redirects and .assetsignore", async () => {
    for (const file of ["/drafts.txt", "/_headers", "/_redirects", "/.assetsignore"]) {
      const response = await dev.fetch(file);
      await response.text();
      assert.equal(response.status, 404, file);
    }
  });

  it("a change to _redirects, or a new _headers, reloads; a new asset is served without one", async () => {
    let from = dev.output.length;
    await writeFile(path.join(project, "public/_redirects"), "/old-home /docs/guide 307\n");
    await dev.waitForOutput(/Reloaded\./, from);
    assert.deepEqual(await redirected("/old-home"), [307, "/docs/guide"]);
    assert.deepEqual(await redirected("/manual/a"), [404, null]);

    from = dev.output.length;
    await writeFile(path.join(project, "public/.assetsignore"), "");
    await dev.waitForOutput(/Reloaded\./, from);
    assert.equal((await (await dev.fetch("/drafts.txt")).text()).trim(), "draft notes");

    from = dev.output.length;
    await writeFile(path.join(project, "public/fresh.txt"), "fresh");
    assert.equal(await (await dev.fetch("/fresh.txt")).text(), "fresh");
    assert.doesNotMatch(dev.output.slice(from), /Reloaded/);
  });
});
