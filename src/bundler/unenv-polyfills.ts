import { builtinModules, createRequire, isBuiltin } from "node:module";
import { getCloudflarePreset } from "@cloudflare/unenv-preset";
import type * as esbuild from "esbuild";
import { defineEnv } from "unenv";
import { loadRequiredBuiltins, nodeSpecifier, requiredBuiltin } from "./required-builtins.js";

const require = createRequire(import.meta.url);

/** The namespace of the CommonJS modules that stand in for an npm shim that CommonJS code `require()`s. */
const REQUIRED_SHIM = "outpost-required-shim";
/** The namespace of the modules that set a global to its polyfill before the worker's code runs. */
const GLOBAL_POLYFILL = "outpost-global-polyfill";

/**
 * Node.js compatibility as wrangler builds it (`nodejs_compat` from 2024-09-23): what workerd
 * implements at this compatibility date stays a `node:` import; the rest, and npm packages that
 * only work in Node (`node-fetch`, `fsevents`…), become unenv's polyfills, bundled in; globals
 * workerd lacks are set before the worker's code runs.
 */
export function unenvPolyfillsPlugin(compatibilityDate: string, compatibilityFlags: readonly string[]): esbuild.Plugin {
  const { alias, inject, external, polyfill } = defineEnv({
    presets: [getCloudflarePreset({ compatibilityDate, compatibilityFlags: [...compatibilityFlags] }), { alias: { debug: "debug" } }],
    npmShims: true,
  }).env;
  const targets = new Map<string, { path: string; external: boolean; shim: boolean }>();
  for (const [specifier, target] of Object.entries(alias)) {
    if (external.includes(target)) targets.set(specifier, { path: nodeSpecifier(target), external: true, shim: false });
    // A package aliased to itself (wrangler keeps `debug` real) resolves from the project as usual.
    else if (target !== specifier) targets.set(specifier, { path: require.resolve(target), external: false, shim: /^unenv\/(npm|mock)\//.test(target) });
  }
  const globals = Object.entries(inject);
  return {
    name: "outpost-unenv",
    setup(build) {
      build.initialOptions.inject = [
        ...(build.initialOptions.inject ?? []),
        ...globals.map(([name]) => `${GLOBAL_POLYFILL}:${name}`),
        ...polyfill.map((module) => require.resolve(module)),
      ];
      build.onResolve({ filter: exactly([...targets.keys(), ...builtinModules.flatMap((name) => [name, `node:${name}`])]) }, (args) => {
        if (args.kind === "require-call" && isBuiltin(args.path)) return requiredBuiltin(args.path);
        const target = targets.get(args.path);
        if (target === undefined) return undefined;
        // The specifier, not the shim's .mjs file, names the stand-in, so esbuild loads it as CommonJS.
        if (args.kind === "require-call" && target.shim) return { path: args.path, namespace: REQUIRED_SHIM };
        return { path: target.path, external: target.external };
      });
      loadRequiredBuiltins(build);
      build.onLoad({ filter: /.*/, namespace: REQUIRED_SHIM }, (args) => ({ contents: commonJsOf(targets.get(args.path)!.path), loader: "js", resolveDir: "/" }));
      build.onResolve({ filter: new RegExp(`^${GLOBAL_POLYFILL}:`) }, (args) => ({ path: args.path.slice(GLOBAL_POLYFILL.length + 1), namespace: GLOBAL_POLYFILL }));
      build.onLoad({ filter: /.*/, namespace: GLOBAL_POLYFILL }, (args) => ({ contents: globalPolyfill(args.path, inject[args.path]!), loader: "js", resolveDir: "/" }));
    },
  };
}

/** A CommonJS face for an ES module shim: its default export, with its named exports on it. */
function commonJsOf(file: string): string {
  return `const esm = require(${JSON.stringify(file)});
const cjs = "default" in esm ? esm.default : {};
for (const [name, value] of Object.entries(esm)) if (name !== "default") Object.defineProperty(cjs, name, { enumerable: true, value });
module.exports = cjs;
`;
}

/** Sets `globalThis[name]` to a module's default export, or to the export a `[module, export]` pair names. */
function globalPolyfill(name: string, source: string | readonly string[]): string {
  const [module, exportName = "default"] = typeof source === "string" ? [source] : source;
  return `import { ${exportName} as polyfill } from ${JSON.stringify(require.resolve(module!))};\nglobalThis[${JSON.stringify(name)}] = polyfill;\n`;
}

/**
 * A filter matching exactly these specifiers. esbuild applies it without calling into JavaScript,
 * so the project's other imports cost the plugin nothing.
 */
function exactly(specifiers: readonly string[]): RegExp {
  return new RegExp(`^(${[...new Set(specifiers)].map((specifier) => specifier.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})$`);
}
