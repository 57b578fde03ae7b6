import { builtinModules } from "node:module";
import type * as esbuild from "esbuild";
import { unenvPolyfillsPlugin } from "./unenv-polyfills.js";

const BUILTINS = new Set(builtinModules);

/**
 * How Node's built-in modules are bundled, by wrangler's rules: with `nodejs_compat` from
 * 2024-09-23 (or `nodejs_compat_v2`), workerd's own modules and unenv's polyfills for the rest;
 * with an older `nodejs_compat`, workerd's modules alone; with `nodejs_als`, only
 * `node:async_hooks`; none otherwise.
 */
export function nodeBuiltinsPlugins(compatibilityDate: string, compatibilityFlags: readonly string[]): esbuild.Plugin[] {
  const flags = new Set(compatibilityFlags);
  const compat = flags.has("nodejs_compat");
  if (flags.has("nodejs_compat_v2") || (compat && compatibilityDate >= "2024-09-23" && !flags.has("no_nodejs_compat_v2"))) {
    return [unenvPolyfillsPlugin(compatibilityDate, compatibilityFlags)];
  }
  if (compat) return [allBuiltinsPlugin()];
  if (flags.has("nodejs_als")) return [asyncHooksPlugin()];
  return [];
}

/** The namespace of the ES modules that stand in for a built-in that CommonJS code `require()`s. */
const REQUIRED_BUILTIN = "outpost-required-builtin";

/**
 * `node:*` imports and bare built-in names are left to workerd's own modules. A `require()` of
 * one, which esbuild cannot leave in an ES module bundle, gets a module that imports it instead.
 */
function allBuiltinsPlugin(): esbuild.Plugin {
  return {
    name: "outpost-nodejs-compat",
    setup(build) {
      build.onResolve({ filter: /^(node:|[a-z_/]+$)/ }, (args) => {
        const prefixed = args.path.startsWith("node:");
        if (!prefixed && !BUILTINS.has(args.path)) return undefined;
        const path = prefixed ? args.path : `node:${args.path}`;
        return args.kind === "require-call" ? { path, namespace: REQUIRED_BUILTIN } : { path, external: true };
      });
      build.onLoad({ filter: /.*/, namespace: REQUIRED_BUILTIN }, (args) => ({
        contents: `import builtin from ${JSON.stringify(args.path)};\nmodule.exports = builtin;\n`,
        loader: "js",
      }));
    },
  };
}

function asyncHooksPlugin(): esbuild.Plugin {
  return {
    name: "outpost-nodejs-als",
    setup(build) {
      build.onResolve({ filter: /^node:async_hooks$/ }, (args) => ({ path: args.path, external: true }));
    },
  };
}

/**
 * Replaces esbuild's advice for an unresolved Node built-in ("use platform: 'node'"), which does
 * not apply to a Worker, with wrangler's: turn on `nodejs_compat`.
 */
export function adviseNodejsCompat(errors: esbuild.Message[]): void {
  for (const error of errors) {
    const name = /^Could not resolve "([^"]+)"$/.exec(error.text)?.[1];
    if (name === undefined || !BUILTINS.has(name.replace(/^node:/, ""))) continue;
    error.notes = [
      {
        location: null,
        text: `The package "${name}" wasn't found on the file system but is built into node.\n- Add the "nodejs_compat" compatibility flag to your project.`,
      },
    ];
  }
}
