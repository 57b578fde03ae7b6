import { inheritanceOf } from "./field-catalog.js";
import { isRecord } from "./is-record.js";

/** Not-inheritable maps whose individual keys wrangler checks against the top level. */
const KEY_CHECKED_FIELDS: ReadonlySet<string> = new Set(["vars", "define"]);

/**
 * Combines top-level fields with those of `env.<environment>` by wrangler's inheritance rules
 * (see field-catalog.ts), warning as wrangler does when a not-inheritable field (or a key of
 * `vars`/`define`) is set at the top level but missing from the environment. `name` is merged as
 * an inheritable field; the caller derives the environment's own name.
 */
export function mergeEnvironment<Fields extends Record<string, unknown>>(
  top: Fields,
  env: Fields,
  environment: string,
): { merged: Fields; warnings: string[] } {
  const merged: Record<string, unknown> = {};
  const warnings: string[] = [];
  const envPath = `env.${environment}`;
  for (const field of new Set([...Object.keys(top), ...Object.keys(env)])) {
    const topValue = top[field];
    const envValue = env[field];
    switch (inheritanceOf(field)) {
      case "inheritable":
        merged[field] = envValue !== undefined ? envValue : topValue;
        break;
      case "not-inheritable":
        if (envValue !== undefined) {
          merged[field] = envValue;
          if (KEY_CHECKED_FIELDS.has(field) && isRecord(topValue) && isRecord(envValue)) {
            for (const key of Object.keys(topValue).filter((key) => !Object.hasOwn(envValue, key))) {
              warnings.push(
                `"${field}.${key}" exists at the top level, but not on "${envPath}.${field}". ` +
                  `This is not what you probably want, since "${field}" configuration is not inherited by environments. ` +
                  `Please add "${field}.${key}" to "${envPath}".`,
              );
            }
          }
        } else if (topValue !== undefined) {
          warnings.push(
            `"${field}" exists at the top level, but not on "${envPath}". ` +
              `This is not what you probably want, since "${field}" is not inherited by environments. ` +
              `Please add "${field}" to "${envPath}".`,
          );
        }
        break;
      case "top-level-only":
        merged[field] = topValue;
    }
  }
  return { merged: merged as Fields, warnings };
}
