import { ConfigError } from "./config-error.js";
import type { WorkerFields } from "./schema.js";

/**
 * What `outpost dev`'s flags set in place of the served Worker's config, as `wrangler dev`'s do.
 * Paths are absolute, but for `envFiles`. Maps (`vars`, `define`, `alias`) are merged over the config's; every other
 * value replaces the config's.
 */
export interface ConfigOverrides {
  /** The entry point, as `outpost dev <script>` gives it. */
  main?: string;
  name?: string;
  compatibilityDate?: string;
  compatibilityFlags?: string[];
  /** `--var`: these beat `.dev.vars` and the `.env` files too. */
  vars?: Record<string, string>;
  define?: Record<string, string>;
  alias?: Record<string, string>;
  /** `--assets`: the directory of static assets, keeping the rest of the config's `assets`. */
  assets?: string;
  bundle?: boolean;
  minify?: boolean;
  tsconfig?: string;
  jsxFactory?: string;
  jsxFragment?: string;
  /** `--site`: the Workers Sites bucket, keeping the rest of the config's `site`. */
  site?: string;
  /** `--site-include` and `--site-exclude`: in place of the config's `site.include` and `site.exclude`. */
  siteInclude?: string[];
  siteExclude?: string[];
  /** `--env-file`: read in place of the project's `.env` family, later files overriding earlier ones; relative to the project, as wrangler resolves them. */
  envFiles?: string[];
}

/** Whether the overrides name something to run, so a project needs no config file: `wrangler dev src/index.ts`, `wrangler dev --assets dist`. */
export function runsWithoutConfig(overrides: ConfigOverrides): boolean {
  return overrides.main !== undefined || overrides.assets !== undefined;
}

export function overrideFields<Fields extends WorkerFields & { name: string }>(fields: Fields, overrides: ConfigOverrides): Fields {
  return {
    ...fields,
    name: overrides.name ?? fields.name,
    main: overrides.main ?? fields.main,
    compatibility_date: overrides.compatibilityDate ?? fields.compatibility_date,
    compatibility_flags: overrides.compatibilityFlags ?? fields.compatibility_flags,
    vars: { ...fields.vars, ...overrides.vars },
    define: { ...fields.define, ...overrides.define },
    alias: { ...fields.alias, ...overrides.alias },
    assets: overrides.assets === undefined ? fields.assets : { ...fields.assets, directory: overrides.assets },
    no_bundle: overrides.bundle === undefined ? fields.no_bundle : !overrides.bundle,
    minify: overrides.minify ?? fields.minify,
    tsconfig: overrides.tsconfig ?? fields.tsconfig,
    jsx_factory: overrides.jsxFactory ?? fields.jsx_factory,
    jsx_fragment: overrides.jsxFragment ?? fields.jsx_fragment,
    site: overriddenSite(fields.site, overrides),
  };
}

/** The config's `site` with the flags' bucket and globs over it; globs with no bucket to apply to are refused. */
function overriddenSite(site: WorkerFields["site"], overrides: ConfigOverrides): WorkerFields["site"] {
  const bucket = overrides.site ?? site?.bucket;
  if (bucket === undefined) {
    if (overrides.siteInclude === undefined && overrides.siteExclude === undefined) return site;
    throw new ConfigError("ERR_CONFIG_INVALID", "--site-include and --site-exclude need a Workers Sites bucket: pass --site <dir>, or set site.bucket in the config.");
  }
  return { ...site, bucket, include: overrides.siteInclude ?? site?.include, exclude: overrides.siteExclude ?? site?.exclude };
}
