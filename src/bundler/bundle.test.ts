import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { bundleWorker, type BundleOptions } from "./bundle.js";

describe("bundleWorker", () => {
  let project: string;
  before(async () => {
    project = await mkdtemp(path.join(os.tmpdir(), "outpost-bundle-"));
    await mkdir(path.join(project, "src"));
    await writeFile(path.join(project, "src/helper.js"), 'export function helper() { return "helped"; }\n');
    await writeFile(
      path.join(project, "src/index.js"),
      'import { helper } from "./helper.js";\nexport class Counter {}\nexport const VERSION = 1;\nexport default { fetch() { return new Response(helper()); } };\n',
    );
  });
  after(() => rm(project, { recursive: true, force: true }));

  const options = (noBundle: boolean, outDir: string, main = "src/index.js", warn = (_: string) => {}): BundleOptions => ({
    main: path.join(project, main),
    projectDir: project,
    outDir,
    compatibilityDate: "2025-06-01",
    compatibilityFlags: [],
    define: {},
    alias: {},
    rules: [{ type: "ESModule", globs: ["**/*.js"] }],
    noBundle,
    findAdditionalModules: noBundle,
    jsxFactory: "React.createElement",
    jsxFragment: "React.Fragment",
    keepNames: true,
    minify: false,
    warn,
  });

  it("exports: the main module's export names, bundled or not, so the facade can re-export its classes", async () => {
    const bundled = await bundleWorker(options(false, path.join(project, "out-bundled")));
    const unbundled = await bundleWorker(options(true, path.join(project, "out-unbundled")));
    assert.deepEqual([...bundled.exports!].sort(), ["Counter", "VERSION", "default"]);
    assert.deepEqual([...unbundled.exports!].sort(), ["Counter", "VERSION", "default"]);
  });

  it("format: a module Worker has a default export; a Service Worker script has none and keeps no exports, as wrangler decides", async () => {
    const script = async (name: string, source: string) => {
      await writeFile(path.join(project, "src", name), source);
      const warnings: string[] = [];
      const bundle = await bundleWorker(options(false, path.join(project, `out-${name}`), `src/${name}`, (message) => warnings.push(message)));
      return { format: bundle.format, exports: bundle.exports, warnings };
    };
    assert.deepEqual((await bundleWorker(options(false, path.join(project, "out-modules")))).format, "modules");
    assert.deepEqual(await script("sw.js", 'addEventListener("fetch", (event) => event.respondWith(new Response("sw")));\n'), {
      format: "service-worker",
      exports: [],
      warnings: [],
    });
    const namedOnly = await script("named.js", 'export const VERSION = 1;\nself.addEventListener("fetch", (event) => event.respondWith(new Response("sw")));\n');
    assert.equal(namedOnly.format, "service-worker");
    assert.deepEqual(namedOnly.exports, []);
    assert.deepEqual(namedOnly.warnings, [
      `The entrypoint ${path.relative(process.cwd(), path.join(project, "src/named.js"))} has exports like an ES Module, but hasn't defined a default export like a module worker normally would. Building the worker using "service-worker" format...`,
    ]);
    const shadowed = await script("shadowed.js", 'export const addEventListener = () => "mine";\nexport const NOTE = "addEventListener(fetch)";\n');
    assert.deepEqual(shadowed, { format: "modules", exports: ["NOTE", "addEventListener"], warnings: [] });
  });
});
