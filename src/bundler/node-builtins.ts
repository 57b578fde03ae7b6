import { isBuiltin } from "node:module";
import type * as esbuild from "esbuild";
import { nodejsCompatMode } from "../config/index.js";
import { loadRequiredBuiltins, nodeSpecifier, requiredBuiltin } from "./required-builtins.js";
import { unenvPolyfillsPlugin } from "./unenv-polyfills.js";

/**
 * How Node's built-in modules are bundled, by wrangler's rules: in `v2` mode (`nodejs_compat` from
 * 2024-09-23, `nodejs_compat_v2`, or any compatibility date from 2026-08-04), workerd's own modules
 * and unenv's polyfills for the rest; in `v1`, workerd's modules alone; with `nodejs_als`, only
 * `node:async_hooks`; none otherwise.
 */
export function nodeBuiltinsPlugins(compatibilityDate: string, compatibilityFlags: readonly string[]): esbuild.Plugin[] {
  switch (nodejsCompatMode(compatibilityDate, compatibilityFlags)) {
    case "v2":
      return [unenvPolyfillsPlugin(compatibilityDate, compatibilityFlags)];
    case "v1":
      return [allBuiltinsPlugin()];
    case "als":
      return [asyncHooksPlugin()];
    case "none":
      return [];
  }
}

/** `node:*` imports and bare built-in names are left to workerd's own modules. */
function allBuiltinsPlugin(): esbuild.Plugin {
  return {
    name: "outpost-nodejs-compat",
    setup(build) {
      build.onResolve({ filter: /^(node:|[a-z_/]+$)/ }, (args) => {
        if (!args.path.startsWith("node:") && !isBuiltin(args.path)) return undefined;
        return args.kind === "require-call" ? requiredBuiltin(args.path) : { path: nodeSpecifier(args.path), external: true };
      });
      loadRequiredBuiltins(build);
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
    if (name === undefined || !isBuiltin(name)) continue;
    error.notes = [
      {
        location: null,
        text: `The package "${name}" wasn't found on the file system but is built into node.\n- Add the "nodejs_compat" compatibility flag to your project.`,
      },
    ];
  }
}
