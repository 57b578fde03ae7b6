import path from "node:path";
import type { DevSecrets } from "./dev-vars.js";
import type { WorkerConfig } from "./worker-config.js";

/**
 * Local secrets as wrangler dev binds them when the config declares `secrets`: a key of the
 * secret files binds only if it is a `vars` key or a required secret, and a required secret that
 * nothing sets is reported. Without `secrets`, every key binds.
 */
export function declaredSecrets(config: Pick<WorkerConfig, "secrets" | "vars">, local: DevSecrets): { values: Record<string, string>; warnings: string[] } {
  const all = { ...local.values, ...local.environment };
  if (config.secrets === undefined) return { values: all, warnings: [] };
  const required = new Set(config.secrets.required);
  const values: Record<string, string> = {};
  const left: string[] = [];
  for (const [key, value] of Object.entries(all)) {
    if (required.has(key) || Object.hasOwn(config.vars, key)) values[key] = value;
    else if (Object.hasOwn(local.values, key)) left.push(key);
  }
  const files = local.files.map((file) => path.basename(file)).join(", ");
  const warnings: string[] = [];
  if (left.length > 0) {
    warnings.push(`${files} ${local.files.length === 1 ? "sets" : "set"} ${left.join(", ")}, which ${left.length === 1 ? "is" : "are"} neither in \`vars\` nor in \`secrets.required\`; left unbound, as wrangler dev leaves them.`);
  }
  const missing = [...required].filter((key) => !Object.hasOwn(values, key) && !Object.hasOwn(config.vars, key));
  if (missing.length > 0) {
    const unset = files === "" ? "but there is no .dev.vars or .env file to set them" : `which ${files} ${local.files.length === 1 ? "does" : "do"} not set`;
    warnings.push(`\`secrets.required\` names ${missing.join(", ")}, ${unset}; unbound until set there or with --var.`);
  }
  return { values, warnings };
}
