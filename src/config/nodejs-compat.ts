/** The compatibility date from which workerd turns on `nodejs_compat` and `nodejs_compat_v2` without a flag. */
const NODEJS_COMPAT_DEFAULT_ON_DATE = "2026-08-04";

/** The compatibility date from which `nodejs_compat` implies `nodejs_compat_v2`. */
const NODEJS_COMPAT_V2_DATE = "2024-09-23";

/**
 * How a Worker's `node:` imports are built: `v2`, workerd's modules and unenv's polyfills for the
 * rest; `v1`, workerd's modules alone; `als`, only `node:async_hooks`; `none`, no built-in at all.
 */
export type NodejsCompatMode = "v2" | "v1" | "als" | "none";

/**
 * The Node.js compatibility workerd gives a Worker at `compatibilityDate` with `compatibilityFlags`,
 * resolved as wrangler resolves it: from 2026-08-04 both `nodejs_compat` and `nodejs_compat_v2`
 * are on without a flag, each turned off by its own `no_` flag; before, `nodejs_compat` implies
 * `nodejs_compat_v2` from 2024-09-23.
 */
export function nodejsCompatMode(compatibilityDate: string, compatibilityFlags: readonly string[]): NodejsCompatMode {
  const flags = new Set(compatibilityFlags);
  const defaultOn = compatibilityDate >= NODEJS_COMPAT_DEFAULT_ON_DATE;
  const compat = flags.has("nodejs_compat") || (defaultOn && !flags.has("no_nodejs_compat"));
  const v2 = flags.has("nodejs_compat_v2") || (!flags.has("no_nodejs_compat_v2") && (defaultOn || (compat && compatibilityDate >= NODEJS_COMPAT_V2_DATE)));
  if (v2) return "v2";
  if (compat) return "v1";
  return flags.has("nodejs_als") ? "als" : "none";
}

/**
 * `compatibilityFlags` without `nodejs_compat` and `nodejs_compat_v2` where the date already turns
 * them on, as wrangler passes them to workerd: workerd warns at every start about a flag that
 * "became the default", and Agents' and Cloudflare's templates still list `nodejs_compat`.
 */
export function withoutRedundantNodejsCompatFlags(compatibilityDate: string, compatibilityFlags: readonly string[]): string[] {
  if (compatibilityDate < NODEJS_COMPAT_DEFAULT_ON_DATE) return [...compatibilityFlags];
  const redundant = ["nodejs_compat", "nodejs_compat_v2"].filter((flag) => !compatibilityFlags.includes(`no_${flag}`));
  return compatibilityFlags.filter((flag) => !redundant.includes(flag));
}
