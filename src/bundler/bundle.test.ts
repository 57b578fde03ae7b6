import assert from "node:assert/strict";
import { createHash } from "node:crypto";
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
    preserveFileNames: false,
    jsxFactory: "React.createElement",
    jsxFragment: "React.Fragment",
    keepNames: true,
    minify: false,
    inlineSourceMap: false,
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

  it("module rules: an import is matched by its specifier and named <sha1>-<file name> beside main wherever the file lies; preserve_file_names keeps the specifier", async () => {
    await mkdir(path.join(project, "shared"));
    await writeFile(path.join(project, "shared/select.sql"), "SELECT 1;\n");
    await writeFile(path.join(project, "shared/queries.js"), 'import select from "./select.sql";\nexport default select;\n');
    await mkdir(path.join(project, "node_modules/wasm-pkg/dist"), { recursive: true });
    await writeFile(path.join(project, "node_modules/wasm-pkg/package.json"), JSON.stringify({ name: "wasm-pkg", exports: { "./add.wasm": "./dist/add.wasm" } }));
    await writeFile(path.join(project, "node_modules/wasm-pkg/dist/add.wasm"), "wasm");
    await writeFile(
      path.join(project, "src/rules.js"),
      'import select from "../shared/queries.js";\nimport add from "wasm-pkg/add.wasm";\nexport default { fetch() { return new Response(select + add); } };\n',
    );
    const build = async (out: string, overrides: Partial<BundleOptions>) => {
      const bundle = await bundleWorker({ ...options(false, path.join(project, out), "src/rules.js"), ...overrides });
      const [main, ...separate] = bundle.modules.map(({ name, kind, file }) => ({ name, kind, file: path.relative(project, file) }));
      // esbuild resolves imports in parallel, so separate modules come in no set order.
      return [main!, ...separate.sort((a, b) => a.file.localeCompare(b.file))];
    };
    const sha1 = (contents: string) => createHash("sha1").update(contents).digest("hex");
    assert.deepEqual((await build("out-hashed", {})).slice(1), [
      { name: `${sha1("wasm")}-add.wasm`, kind: "wasm", file: "node_modules/wasm-pkg/dist/add.wasm" },
      { name: `${sha1("SELECT 1;\n")}-select.sql`, kind: "text", file: "shared/select.sql" },
    ]);
    assert.deepEqual((await build("out-preserved", { preserveFileNames: true })).slice(1), [
      { name: "wasm-pkg/add.wasm", kind: "wasm", file: "node_modules/wasm-pkg/dist/add.wasm" },
      { name: "select.sql", kind: "text", file: "shared/select.sql" },
    ]);
    const fromProjectRoot = await build("out-preserved-root", { preserveFileNames: true, baseDir: project });
    assert.deepEqual(
      fromProjectRoot.map((module) => module.name),
      ["src/rules.js", "src/wasm-pkg/add.wasm", "src/select.sql"],
      "the specifier is read from main's directory, as wrangler reads it from the bundle's",
    );
  });
});
