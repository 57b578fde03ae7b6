import { isBuiltin } from "node:module";
import type * as esbuild from "esbuild";

/** The namespace of the modules that stand in for a built-in that CommonJS code `require()`s. */
const REQUIRED_BUILTIN = "outpost-required-builtin";

/** A built-in's `node:` name, the one workerd always knows it by. */
export function nodeSpecifier(specifier: string): string {
  return isBuiltin(specifier) && !specifier.startsWith("node:") ? `node:${specifier}` : specifier;
}

/**
 * esbuild cannot leave a `require()` of a built-in in an ES module bundle; it resolves instead to
 * a module that imports the built-in and exports it as CommonJS. `loadRequiredBuiltins` serves those.
 */
export function requiredBuiltin(specifier: string): esbuild.OnResolveResult {
  return { path: nodeSpecifier(specifier), namespace: REQUIRED_BUILTIN };
}

export function loadRequiredBuiltins(build: esbuild.PluginBuild): void {
  build.onLoad({ filter: /.*/, namespace: REQUIRED_BUILTIN }, (args) => ({
    contents: `import builtin from ${JSON.stringify(args.path)};\nmodule.exports = builtin;\n`,
    loader: "js",
  }));
}
