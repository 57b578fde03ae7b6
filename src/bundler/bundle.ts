import path from "node:path";
import * as esbuild from "esbuild";
import { BundleError } from "./errors.js";
import { workerFormatOf } from "./worker-format.js";
import { findAdditionalModules, toModuleName } from "./find-modules.js";
import { linkedSourceMaps } from "./linked-source-maps.js";
import type { ModuleRule } from "../config/index.js";
import { ModuleRuleSet } from "./module-rules.js";
import { adviseNodejsCompat, nodeBuiltinsPlugins } from "./node-builtins.js";
import { separateModulesPlugin } from "./separate-modules-plugin.js";
import { inlineSourceMap } from "./inline-source-map.js";
import { adviseAlias } from "./unresolved-module-advice.js";
import type { BundleModule, WorkerBundle } from "./worker-bundle.js";

export interface BundleOptions {
  /** Absolute path of the worker's entry file. */
  main: string;
  /** Module names are relative to this directory. Defaults to the directory of `main`. */
  baseDir?: string;
  /** Where esbuild resolves packages and `alias` targets from: the project directory. */
  projectDir: string;
  /** An empty directory for the build output. */
  outDir: string;
  /** The date workerd runs the worker at, which decides what Node.js APIs it has. */
  compatibilityDate: string;
  compatibilityFlags: readonly string[];
  define: Readonly<Record<string, string>>;
  alias: Readonly<Record<string, string>>;
  rules: readonly ModuleRule[];
  noBundle: boolean;
  findAdditionalModules: boolean;
  /** Name modules imported by a rule after the path they are imported by, not their content's hash. */
  preserveFileNames: boolean;
  jsxFactory: string;
  jsxFragment: string;
  /** Absolute; otherwise esbuild finds the tsconfig.json nearest each file. */
  tsconfig?: string;
  keepNames: boolean;
  minify: boolean;
  /** Put the source map, with the sources' text, in the bundle, where a debugger finds it. */
  inlineSourceMap: boolean;
  warn: (message: string) => void;
}

/** esbuild's target for code workerd runs, as wrangler sets it. */
const TARGET = "es2024";
/** Package export conditions workerd-aware packages publish, in wrangler's order. */
const CONDITIONS = ["workerd", "worker", "browser"];
const JS_EXTENSIONS = /\.(m?js|cjs)$/;

/**
 * Builds one worker's modules the way wrangler does: bundled by esbuild unless `no_bundle` is set.
 * A Service Worker format script keeps no exports: they never reach workerd.
 */
export async function bundleWorker(options: BundleOptions): Promise<WorkerBundle> {
  const baseDir = options.baseDir ?? path.dirname(options.main);
  const bundle = options.noBundle ? await collectUnbundled(options, baseDir) : await bundleModules(options, baseDir);
  const format = await workerFormatOf(options.main, bundle.exports, options.warn);
  return format === "modules" ? { ...bundle, format } : { ...bundle, format, exports: [] };
}

async function bundleModules(options: BundleOptions, baseDir: string): Promise<Omit<WorkerBundle, "format">> {
  const rules = new ModuleRuleSet(options.rules, { includeScripts: options.findAdditionalModules, warn: options.warn });
  const additional = options.findAdditionalModules ? await findAdditionalModules(baseDir, rules) : [];
  const mainName = toModuleName(baseDir, options.main).replace(/\.[cm]?[jt]sx?$/, "") + ".js";
  const outfile = path.join(options.outDir, mainName);
  const found = new Map(additional.map((module) => [module.file, module]));
  const collected = new Map<string, BundleModule>();

  let result: esbuild.BuildResult<{ metafile: true }>;
  try {
    result = await esbuild.build({
      entryPoints: [options.main],
      absWorkingDir: options.projectDir,
      outfile,
      bundle: true,
      format: "esm",
      target: TARGET,
      platform: "browser",
      conditions: CONDITIONS,
      sourcemap: "external",
      sourcesContent: options.inlineSourceMap,
      metafile: true,
      logLevel: "silent",
      loader: { ".js": "jsx", ".mjs": "jsx", ".cjs": "jsx" },
      jsxFactory: options.jsxFactory,
      jsxFragment: options.jsxFragment,
      ...(options.tsconfig !== undefined && { tsconfig: options.tsconfig }),
      keepNames: options.keepNames,
      minify: options.minify,
      define: { "process.env.NODE_ENV": '"development"', ...options.define },
      alias: { ...options.alias },
      external: ["cloudflare:*", "__STATIC_CONTENT_MANIFEST"],
      plugins: [
        separateModulesPlugin({ mainName, baseDir, rules, found, preserveFileNames: options.preserveFileNames }, collected),
        ...nodeBuiltinsPlugins(options.compatibilityDate, options.compatibilityFlags),
      ],
    });
  } catch (error) {
    throw await buildError(error);
  }
  if (options.inlineSourceMap) await inlineSourceMap(outfile, `${outfile}.map`);
  const inputs = Object.keys(result.metafile.inputs).map((input) => path.resolve(options.projectDir, input.replace(/^[a-z-]+:/, "")));
  const output = Object.entries(result.metafile.outputs).find(([file]) => path.resolve(options.projectDir, file) === outfile)?.[1];
  // As in wrangler, a collected module wins over a found one of the same name.
  const separate = new Map([...additional, ...collected.values()].map((module) => [module.name, module]));
  return {
    modules: [{ name: mainName, kind: "esModule", file: outfile }, ...separate.values()],
    sourceMaps: [{ moduleName: mainName, sourceMapFile: `${outfile}.map` }, ...(await linkedSourceMaps([...separate.values()]))],
    inputs: [...inputs, ...[...separate.values()].map((module) => module.file)],
    ...(output !== undefined && { exports: output.exports }),
  };
}

async function collectUnbundled(options: BundleOptions, baseDir: string): Promise<Omit<WorkerBundle, "format">> {
  if (!JS_EXTENSIONS.test(options.main)) {
    throw new BundleError(
      "ERR_NO_BUNDLE_MAIN",
      `no_bundle is set, so main must be JavaScript workerd can run as it is, but it is ${options.main}. Remove no_bundle or point main at a .js file.`,
    );
  }
  const rules = new ModuleRuleSet(options.rules, { includeScripts: true, warn: options.warn });
  const mainName = toModuleName(baseDir, options.main);
  const found = await findAdditionalModules(baseDir, rules);
  const main: BundleModule = { name: mainName, kind: options.main.endsWith(".cjs") ? "commonJsModule" : "esModule", file: options.main };
  const modules = [main, ...found.filter((module) => module.file !== options.main)];
  const exports = main.kind === "esModule" ? await exportNamesOf(options.main) : undefined;
  return {
    modules,
    sourceMaps: await linkedSourceMaps(modules),
    inputs: modules.map((module) => module.file),
    ...(exports !== undefined && { exports }),
  };
}

/** The names an ES module exports, read by esbuild without bundling or writing anything; `undefined` if it cannot parse it. */
async function exportNamesOf(file: string): Promise<string[] | undefined> {
  try {
    const result = await esbuild.build({ entryPoints: [file], bundle: false, write: false, metafile: true, format: "esm", logLevel: "silent", outdir: "out" });
    return Object.values(result.metafile.outputs).find((output) => output.entryPoint !== undefined)?.exports;
  } catch {
    return undefined;
  }
}

async function buildError(error: unknown): Promise<BundleError | unknown> {
  const failure = error as Partial<esbuild.BuildFailure>;
  if (!Array.isArray(failure.errors) || failure.errors.length === 0) return error;
  adviseNodejsCompat(failure.errors);
  adviseAlias(failure.errors);
  const formatted = await esbuild.formatMessages(failure.errors, { kind: "error", color: false });
  return new BundleError("ERR_BUILD_FAILED", `Build failed:\n${formatted.join("").trimEnd()}`, { cause: error });
}
