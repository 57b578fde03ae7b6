import { Option, type Command } from "commander";
import type { ConfigOverrides } from "../config/index.js";
import { calendarDate, collectList, collectPair, existingPath } from "./arguments.js";

/**
 * `outpost dev`'s flags that set a field of the served Worker's config, named as `wrangler dev` names
 * them: as commander parses them, the overrides but for the repeatable flags, which collect into
 * a map or a list, and `--compatibility-flag`, wrangler's other spelling of `--compatibility-flags`.
 */
export type ConfigFlags = Omit<ConfigOverrides, "main" | "vars" | "define" | "alias" | "envFiles" | "siteInclude" | "siteExclude"> & {
  compatibilityFlag?: string[];
  var: Record<string, string>;
  define: Record<string, string>;
  alias: Record<string, string>;
  envFile: string[];
  siteInclude: string[];
  siteExclude: string[];
};

export function withConfigFlags(command: Command): Command {
  return command
    .option("--name <name>", "name of the served Worker, in place of `name`")
    .option("--compatibility-date <date>", "YYYY-MM-DD, in place of `compatibility_date`", calendarDate("--compatibility-date"))
    .option("--compatibility-flags <flags...>", "in place of `compatibility_flags`")
    .addOption(new Option("--compatibility-flag <flags...>").hideHelp())
    .option("--var <KEY:VALUE>", "set or override a var, over .dev.vars too; repeatable", collectPair("--var"), {})
    .option("--define <KEY:VALUE>", "replace the global KEY with the expression VALUE at build time, over `define`; repeatable", collectPair("--define"), {})
    .option("--alias <MODULE:REPLACEMENT>", "import REPLACEMENT wherever MODULE is imported, over `alias`; repeatable", collectPair("--alias"), {})
    .option("--assets <dir>", "directory of static assets, in place of `assets.directory`", existingPath("--assets", "directory"))
    .addOption(new Option("--bundle").hideHelp())
    .option("--no-bundle", "serve the Worker's modules as they are, as `no_bundle` does")
    .option("--minify", "minify the bundle, as `minify` does")
    .addOption(new Option("--no-minify").hideHelp())
    .option("--tsconfig <path>", "tsconfig for the build, in place of `tsconfig`", existingPath("--tsconfig", "file"))
    .option("--jsx-factory <name>", "in place of `jsx_factory`")
    .option("--jsx-fragment <name>", "in place of `jsx_fragment`")
    .option("--site <dir>", "Workers Sites bucket, in place of `site.bucket`", existingPath("--site", "directory"))
    .option("--site-include <glob>", "in place of `site.include`; repeatable", collectList, [])
    .option("--site-exclude <glob>", "in place of `site.exclude`; repeatable", collectList, [])
    .option("--env-file <path>", "read local secrets from this file (relative to the project) in place of .dev.vars and the .env files; repeatable, later files win", collectList, []);
}

/** The overrides the flags ask for; `main` is the script `outpost dev <script>` was given, absolute. */
export function configOverrides(flags: ConfigFlags, main: string | undefined): ConfigOverrides {
  const compatibilityFlags = [...(flags.compatibilityFlags ?? []), ...(flags.compatibilityFlag ?? [])];
  return {
    main,
    name: flags.name,
    compatibilityDate: flags.compatibilityDate,
    compatibilityFlags: compatibilityFlags.length > 0 ? compatibilityFlags : undefined,
    vars: flags.var,
    define: flags.define,
    alias: flags.alias,
    assets: flags.assets,
    bundle: flags.bundle,
    minify: flags.minify,
    tsconfig: flags.tsconfig,
    jsxFactory: flags.jsxFactory,
    jsxFragment: flags.jsxFragment,
    site: flags.site,
    siteInclude: flags.siteInclude.length > 0 ? flags.siteInclude : undefined,
    siteExclude: flags.siteExclude.length > 0 ? flags.siteExclude : undefined,
    envFiles: flags.envFile.length > 0 ? flags.envFile : undefined,
  };
}
