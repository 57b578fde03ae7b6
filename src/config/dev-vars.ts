import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseEnv } from "node:util";
import { ConfigError } from "./config-error.js";

export interface DevSecrets {
  /** Secret name → value. */
  values: Record<string, string>;
  /** Absolute paths of the files the values came from. */
  files: string[];
  /** `--env-file`s that were not read, and why. */
  warnings: string[];
}

/**
 * Local secrets, found as `wrangler dev` finds them beside the config file: `.dev.vars.<env>`
 * (with an environment) or else `.dev.vars`, alone; failing both, every file of the `.env` family
 * that exists, later files overriding earlier ones. `envFiles` (absolute, from `--env-file`) take
 * the place of that family. Unlike wrangler, `${VAR}` references in `.env` files are not expanded
 * and `process.env` is never included.
 */
export async function loadDevSecrets(projectDir: string, environment?: string, envFiles?: readonly string[]): Promise<DevSecrets> {
  const devVarsNames = environment === undefined ? [".dev.vars"] : [`.dev.vars.${environment}`, ".dev.vars"];
  for (const name of devVarsNames) {
    const file = path.join(projectDir, name);
    const text = await readIfPresent(file);
    if (text === undefined) continue;
    const warnings = (envFiles ?? []).map((envFile) => `--env-file ${envFile} is not read: ${name} is, and as in wrangler it takes the place of .env files.`);
    return { values: parseDotenv(text), files: [file], warnings };
  }

  const secrets: DevSecrets = { values: {}, files: [], warnings: [] };
  for (const file of envFiles ?? dotenvNames(environment).map((name) => path.join(projectDir, name))) {
    const text = await readIfPresent(file);
    if (text === undefined) {
      if (envFiles !== undefined) secrets.warnings.push(`--env-file ${file} does not exist; nothing is read from it.`);
      continue;
    }
    Object.assign(secrets.values, parseDotenv(text));
    secrets.files.push(file);
  }
  return secrets;
}

/** wrangler's default `.env` files, lowest precedence first. */
function dotenvNames(environment: string | undefined): string[] {
  const names = [".env", ".env.local"];
  if (environment !== undefined) names.push(`.env.${environment}`, `.env.${environment}.local`);
  return names;
}

function parseDotenv(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(parseEnv(text))) {
    if (value !== undefined) values[key] = value;
  }
  return values;
}

async function readIfPresent(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new ConfigError("ERR_CONFIG_UNREADABLE", `Cannot read ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
