import { builtinModules } from "node:module";
import type * as esbuild from "esbuild";

const BUILTINS = new Set(builtinModules);

/**
 * What workerd provides of Node's built-in modules, by compatibility flag: all of them under
 * `nodejs_compat`, only `node:async_hooks` under `nodejs_als`, none otherwise.
 */
export function nodeBuiltinsPlugins(compatibilityFlags: readonly string[]): esbuild.Plugin[] {
  if (compatibilityFlags.includes("nodejs_compat") || compatibilityFlags.includes("nodejs_compat_v2")) return [allBuiltinsPlugin()];
  if (compatibilityFlags.includes("nodejs_als")) return [asyncHooksPlugin()];
  return [];
}

/** `node:*` imports and bare built-in names are left to workerd's own modules. */
function allBuiltinsPlugin(): esbuild.Plugin {
  return {
    name: "outpost-nodejs-compat",
    setup(build) {
      build.onResolve({ filter: /^node:/ }, (args) => ({ path: args.path, external: true }));
      build.onResolve({ filter: /^[a-z_/]+$/ }, (args) =>
        BUILTINS.has(args.path) ? { path: `node:${args.path}`, external: true } : undefined,
      );
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
