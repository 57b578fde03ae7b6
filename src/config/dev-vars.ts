import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseEnv } from "node:util";
import { expand } from "dotenv-expand";
import { ConfigError } from "./config-error.js";

export interface DevSecrets {
  /** Secret name → value, from the files. */
  values: Record<string, string>;
  /** The process's environment, when it is included; it wins over `values`. */
  environment: Record<string, string>;
  /** Absolute paths of the files the values came from. */
  files: string[];
  /** `--env-file`s that were not there. */
  warnings: string[];
}

export interface DevSecretsOptions {
  /** The config's environment (`--env`), choosing `.dev.vars.<env>` and `.env.<env>`. */
  environment?: string;
  /** `--env-file`s, absolute. */
  envFiles?: readonly string[];
  /** The process's environment, when wrangler would include it: references in `.env` files may name its keys, and its values win. */
  processEnv?: Readonly<Record<string, string | undefined>>;
  /** Whether the `.env` family is read when there is no `.dev.vars` (wrangler's `CLOUDFLARE_LOAD_DEV_VARS_FROM_DOT_ENV`). @default true */
  dotEnv?: boolean;
}

/**
 * Local secrets, found as `wrangler dev` finds them beside the config file:
 * - the `--env-file`s, when given, later files overriding earlier ones;
 * - else `.dev.vars.<env>` (with an environment) or else `.dev.vars`, alone, as written;
 * - else every file of the `.env` family that exists, later files overriding earlier ones.
 * References (`${NAME}`, `${NAME:-default}`) in `--env-file` and `.env` files are expanded as
 * wrangler's dotenv-expand expands them, against the keys before them and `processEnv`.
 */
export async function loadDevSecrets(projectDir: string, options: DevSecretsOptions = {}): Promise<DevSecrets> {
  const { environment, envFiles, processEnv, dotEnv = true } = options;
  if (envFiles === undefined) {
    const devVarsNames = environment === undefined ? [".dev.vars"] : [`.dev.vars.${environment}`, ".dev.vars"];
    for (const name of devVarsNames) {
      const file = path.join(projectDir, name);
      const text = await readIfPresent(file);
      if (text !== undefined) return { values: parseDotenv(text), environment: {}, files: [file], warnings: [] };
    }
  }

  const files: string[] = [];
  const warnings: string[] = [];
  const values: Record<string, string> = {};
  const dotenvFiles = dotEnv ? dotenvNames(environment).map((name) => path.join(projectDir, name)) : [];
  for (const file of envFiles ?? dotenvFiles) {
    const text = await readIfPresent(file);
    if (text === undefined) {
      if (envFiles !== undefined) warnings.push(`--env-file ${file} does not exist; nothing is read from it.`);
      continue;
    }
    Object.assign(values, parseDotenv(text));
    files.push(file);
  }
  const included = definedValues(processEnv ?? {});
  const { parsed } = expand({ parsed: values, processEnv: { ...included } });
  return { values: definedValues(parsed ?? {}), environment: included, files, warnings };
}

/** wrangler's default `.env` files, lowest precedence first. */
function dotenvNames(environment: string | undefined): string[] {
  const names = [".env", ".env.local"];
  if (environment !== undefined) names.push(`.env.${environment}`, `.env.${environment}.local`);
  return names;
}

function parseDotenv(text: string): Record<string, string> {
  return definedValues(parseEnv(text));
}

function definedValues(values: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== undefined));
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
