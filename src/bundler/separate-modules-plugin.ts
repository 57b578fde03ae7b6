import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type * as esbuild from "esbuild";
import type { ModuleRuleType } from "../config/index.js";
import type { ModuleRuleSet } from "./module-rules.js";
import { ignoredRuleMessage } from "./rule-fallthrough.js";
import { MODULE_KIND, type BundleModule } from "./worker-bundle.js";

export interface SeparateModulesOptions {
  /** Name of the bundled main module: the imports left in it are relative to its directory. */
  mainName: string;
  /** Absolute; names of modules are relative to it, and none may lie outside it. */
  baseDir: string;
  rules: ModuleRuleSet;
  /** Modules `find_additional_modules` found, by absolute path: imports of them keep their names. */
  found: ReadonlyMap<string, BundleModule>;
  /** Name each collected module by the path it is imported by rather than by its content's hash. */
  preserveFileNames: boolean;
}

/** Marks the resolutions the plugin asks esbuild for itself, so that it passes over them. */
const OWN_RESOLUTION = { plugin: "outpost-module-rules" };

/**
 * Imports a module rule matches stay imports, of modules workerd loads beside the bundle, as
 * wrangler's module collector leaves them: a rule's glob is matched against the import's specifier
 * as written, and the file it resolves to is named `<sha1 of its content>-<file name>` beside the
 * main module (or, with `preserve_file_names`, by the specifier), wherever the file lies.
 * `collected` receives these modules by name.
 */
export function separateModulesPlugin(options: SeparateModulesOptions, collected: Map<string, BundleModule>): esbuild.Plugin {
  const mainDir = path.posix.dirname(options.mainName);
  const external = (name: string): esbuild.OnResolveResult => {
    const specifier = path.posix.relative(mainDir, name);
    return { path: specifier.startsWith("../") ? specifier : `./${specifier}`, external: true };
  };
  return {
    name: "outpost-module-rules",
    setup(build) {
      const collect = async (args: esbuild.OnResolveArgs, specifier: string, type: ModuleRuleType): Promise<esbuild.OnResolveResult | undefined> => {
        const resolved = await build.resolve(specifier, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: OWN_RESOLUTION,
        });
        // esbuild's own resolution then fails too, and reports the import where it is.
        if (resolved.errors.length > 0 || resolved.external || resolved.namespace !== "file") return undefined;
        const name = options.preserveFileNames
          ? preservedName(mainDir, specifier)
          : path.posix.join(mainDir, `${contentHash(await readFile(resolved.path))}-${path.posix.basename(specifier)}`);
        if (name === undefined) return { errors: [{ text: outsideBaseDir(specifier, options.baseDir) }] };
        collected.set(name, { name, kind: MODULE_KIND[type], file: resolved.path });
        return external(name);
      };
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.kind === "entry-point" || args.namespace !== "file" || args.pluginData === OWN_RESOLUTION) return undefined;
        const specifier = args.path.replace(/\?module$/, "");
        const types = options.rules.importTypesOf(args.path);
        const found = types.length > 0 ? options.found.get(path.resolve(args.resolveDir, specifier)) : undefined;
        if (found !== undefined) return external(found.name);
        const type = types.find((candidate) => candidate !== "ESModule" && candidate !== "CommonJS");
        if (type !== undefined) return collect(args, specifier, type);
        const ignored = options.rules.ignoredRuleMatching(args.path);
        return ignored === undefined ? undefined : { errors: [{ text: ignoredRuleMessage(args.path, ignored) }] };
      });
    },
  };
}

function contentHash(contents: Buffer): string {
  return createHash("sha1").update(contents).digest("hex");
}

/** The specifier as a name relative to the base directory, as wrangler keeps it; `undefined` when it leads outside. */
function preservedName(mainDir: string, specifier: string): string | undefined {
  if (path.posix.isAbsolute(specifier)) return undefined;
  const name = path.posix.normalize(path.posix.join(mainDir, specifier));
  return name.startsWith("../") ? undefined : name;
}

function outsideBaseDir(specifier: string, baseDir: string): string {
  return (
    `preserve_file_names keeps the path a module is imported by as its name, but "${specifier}" leads outside base_dir ` +
    `(${path.relative(process.cwd(), baseDir) || "."}), where workerd can load no module. ` +
    "Import the file by a path inside base_dir, set base_dir to a directory that holds it, or remove preserve_file_names."
  );
}
