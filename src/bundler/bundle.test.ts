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

  const options = (noBundle: boolean, outDir: string): BundleOptions => ({
    main: path.join(project, "src/index.js"),
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
  });

  it("exports: the main module's export names, bundled or not, so the facade can re-export its classes", async () => {
    const bundled = await bundleWorker(options(false, path.join(project, "out-bundled")));
    const unbundled = await bundleWorker(options(true, path.join(project, "out-unbundled")));
    assert.deepEqual([...bundled.exports!].sort(), ["Counter", "VERSION", "default"]);
    assert.deepEqual([...unbundled.exports!].sort(), ["Counter", "VERSION", "default"]);
  });
});
