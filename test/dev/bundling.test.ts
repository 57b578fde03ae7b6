import assert from "node:assert/strict";
import path from "node:path";
import { describe, it } from "node:test";
import { fixturesDir, freePorts, runOutpost, withDev } from "../helpers/outpost-cli.js";

function bodyOf(fixture: string, pathname = "/", args: string[] = []): Promise<string> {
  return withDev([path.join(fixturesDir, fixture), ...args], async (dev) => (await dev.fetch(pathname)).text());
}

describe("outpost dev: bundling", () => {
  it("define, alias and Text/Data/CompiledWasm module rules", async () => {
    assert.deepEqual(JSON.parse(await bodyOf("modules")), {
      build: "test-build",
      aliased: "from alias",
      text: "hello from a text file",
      dataBytes: 5,
      wasmAdd: 5,
    });
  });

  it("module rules reach files outside main's directory: imports are matched by their specifiers and the files named by content hash, as in wrangler", async () => {
    const expected = { sql: "SELECT 1 AS one;\n", bytes: [0, 1, 2, 254, 255], wasmAdd: 5 };
    assert.deepEqual(JSON.parse(await bodyOf("modules-outside-main")), expected);
    assert.deepEqual(JSON.parse(await bodyOf("modules-outside-main", "/", ["--env", "preserved"])), expected, "preserve_file_names, the paths inside base_dir");
  });

  it("preserve_file_names with an import that leads outside base_dir: refused, naming the import and what to do", async () => {
    const result = await runOutpost(["dev", path.join(fixturesDir, "modules-outside-main"), "--env", "preserved-outside", ...freePorts]);
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(result.stderr, /src\/index\.ts:2:18/);
    assert.match(result.stderr, /preserve_file_names keeps the path a module is imported by as its name, but "\.\.\/shared\/bytes\.bin" leads outside base_dir/);
  });

  it("nodejs_compat before 2024-09-23: node:* imports, and CommonJS require()s of built-ins, resolve to workerd's built-ins", async () => {
    assert.equal(await bodyOf("nodejs-compat"), "aGk= 2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881 hello cjs");
  });

  it("nodejs_compat before workerd had node:fs and node:os: unenv's polyfills stand in, as in wrangler", async () => {
    assert.deepEqual(JSON.parse(await bodyOf("nodejs-polyfills")), {
      platform: "linux",
      readFile: "[unenv] fs.readFileSync is not implemented yet!",
      region: "on-prem",
      legacy: { eol: "\n", fetchShim: "function" },
    });
  });

  it("nodejs_als: node:async_hooks resolves to workerd's AsyncLocalStorage without nodejs_compat", async () => {
    assert.equal(await bodyOf("nodejs-als", "/?id=request-7"), "request-7");
  });

  it("a compatibility date from 2026-08-04 without nodejs_compat: node:* imports and require()s of built-ins build as with the flag, as in wrangler", async () => {
    await withDev([path.join(fixturesDir, "nodejs-default-on")], async (dev) => {
      assert.equal(await (await dev.fetch("/?id=request-7")).text(), "request-7 a/b");
    });
  });

  it("nodejs_compat listed with a compatibility date that turns it on: workerd gets no redundant flag and warns about none, as under wrangler", async () => {
    await withDev([path.join(fixturesDir, "nodejs-default-on"), "--env", "listed"], async (dev) => {
      assert.equal(await (await dev.fetch("/?id=request-8")).text(), "request-8 a/b");
      assert.equal(dev.output.match(/▲ .*/g), null);
    });
  });

  it("JSX: a .tsx entry renders with hono/jsx", async () => {
    assert.equal(await bodyOf("jsx"), "<h1>Hello JSX</h1>");
  });

  it("jsx_factory, jsx_fragment, tsconfig paths, minify, and keep_names on by default as in wrangler", async () => {
    const { page, names, source } = JSON.parse(await bodyOf("build-options"));
    assert.equal(page, "<p>Hello, outpost</p><p>3</p>");
    assert.deepEqual(names, ["helper", "helper"], "two functions named helper keep their names when bundled together");
    assert.match(source, /^function \w*\(\w,\w\)\{return \w\+\w\}$/, "minified");
  });

  it("keep_names: false and minify: false under an environment", async () => {
    const { page, names, source } = JSON.parse(await bodyOf("build-options", "/", ["--env", "plain"]));
    assert.equal(page, "<p>Hello, outpost</p><p>3</p>");
    assert.deepEqual(names, ["helper", "helper2"], "esbuild renames the second helper, and nothing restores its name");
    assert.equal(source, "function add(a, b) {\n  return a + b;\n}");
  });

  it("the Vite plugin's build output runs from its generated wrangler.json: chunks, SPA assets, and no warnings", async () => {
    await withDev(["-c", path.join(fixturesDir, "vite-build-output/dist/my_worker/wrangler.json")], async (dev) => {
      assert.equal(await (await dev.fetch("/api/users")).text(), "api /api/users");
      assert.equal(await (await dev.fetch("/settings")).text(), "<h1>spa</h1>\n");
      assert.equal(dev.output.match(/▲ .*/g), null, "observability, a deploy-only field, is passed over as wrangler dev passes over it");
    });
  });

  it("the Vite plugin's build output: a stack through a chunk is mapped to the sources by the map the chunk links, as wrangler dev maps it", async () => {
    await withDev(["-c", path.join(fixturesDir, "vite-build-output/dist/my_worker/wrangler.json")], async (dev) => {
      const from = dev.output.length;
      assert.equal((await dev.fetch("/api/fail")).status, 500);
      await dev.waitForOutput(/no api at \/api\/fail\n\s+at fail \(\S*vite-build-output\/src\/api\.ts:4:9\)\n\s+at Object\.fetch \(index\.js:5:\d+\)/, from);
    });
  });

  it("no_bundle: modules are loaded as they are, found by rules", async () => {
    assert.equal(await bodyOf("no-bundle"), "no-bundle helper");
  });
});
