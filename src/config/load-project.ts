import { readFile } from "node:fs/promises";
import path from "node:path";
import { buildWorkerConfig } from "./build-worker-config.js";
import { checkCompatibilityFlags } from "./check-compatibility-flags.js";
import { checkWorkerPaths } from "./check-worker-paths.js";
import { ConfigError } from "./config-error.js";
import { overrideFields, runsWithoutConfig, type ConfigOverrides } from "./config-overrides.js";
import { declaredSecrets } from "./declared-secrets.js";
import { loadDevSecrets } from "./dev-vars.js";
import { redirectNotice } from "./config-redirect.js";
import { findConfigFile } from "./find-config-file.js";
import { parseConfigText } from "./parse-config-text.js";
import { checkRedirectedEnvironment } from "./redirected-environment.js";
import { resolveWorkerFields, type ResolvedWorkerFields } from "./resolve-worker-fields.js";
import type { WorkerConfig } from "./worker-config.js";

export interface LoadProjectOptions {
  /** Path given with -c/--config (a file), or a project directory; relative to `cwd`. Without it, `cwd` is searched. */
  configPath?: string;
  cwd: string;
  /** --env name */
  env?: string;
  /**
   * Whether a build tool's `.wrangler/deploy/config.json` in the searched directory chooses the
   * config, as for `wrangler dev`; wrangler's data commands read the user's config. @default false
   */
  followRedirect?: boolean;
  /** What the command line sets in place of the config. When they name something to run, a project without a config file in `cwd` is `cwd`. */
  overrides?: ConfigOverrides;
  /** The environment secrets may come from, as wrangler dev takes them from its own. @default process.env */
  processEnv?: Readonly<Record<string, string | undefined>>;
  /**
   * What the project is loaded for. Running the Worker (`"run"`) needs the files it runs from
   * (`main`, `assets.directory`, `build.cwd`, blobs…) and its local secrets. Commands over the
   * project's data (`"data"`) read the config alone, as wrangler's do: they work before the Worker
   * is written, and say nothing of secrets they never bind. @default "run"
   */
  purpose?: "run" | "data";
}

export interface LoadedProject {
  /** Absolute path of the config file read; absent for a project given wholly on the command line. */
  configFile?: string;
  /** How messages name the config: its path, relative to `cwd` when inside it. */
  configName: string;
  /** Absolute project directory: the user's config file's directory (also when a redirect chose a generated config), else `cwd`. */
  projectDir: string;
  /** The selected environment's configuration. */
  config: WorkerConfig;
  /** Secrets from .dev.vars or the .env files, less those `--var` sets; the caller layers them over `config.vars`. */
  secrets: Record<string, string>;
  /** Absolute paths of every file read (config, .dev.vars, .env…), for the dev loop to watch. */
  inputFiles: string[];
  /** Human-readable warnings, each reported once: unsupported or unknown fields, environment mistakes. */
  warnings: string[];
  /** What is worth knowing but not a warning, each reported once: that a redirect chose the config. */
  notices: string[];
}

/** Finds, reads and validates a wrangler project's config and its local secrets. */
export async function loadProject(options: LoadProjectOptions): Promise<LoadedProject> {
  const { cwd, overrides = {}, purpose = "run" } = options;
  const { configFile, projectDir, redirect } = await findConfigFile(options.configPath, cwd, {
    followRedirect: options.followRedirect ?? false,
    required: options.configPath !== undefined || !runsWithoutConfig(overrides),
  });
  const configName = configFile === undefined ? "the command line" : nameForMessages(configFile, cwd);

  const defaultName = path.basename(projectDir);
  const resolved: ResolvedWorkerFields =
    configFile === undefined
      ? { fields: { name: defaultName }, unsupported: {}, warnings: [] }
      : await readWorkerFields(configFile, { configName, environment: options.env, defaultName, redirected: redirect !== undefined });
  const config = buildWorkerConfig(overrideFields(resolved.fields, overrides), resolved.unsupported, configFile === undefined ? projectDir : path.dirname(configFile));
  if (purpose === "run") await checkWorkerPaths(config, configName);
  checkCompatibilityFlags(config, configName);

  const secrets = purpose === "run" ? await readSecrets(config, projectDir, options) : NO_SECRETS;
  return {
    configFile,
    configName,
    projectDir,
    config,
    secrets: withoutKeys(secrets.values, Object.keys(overrides.vars ?? {})),
    inputFiles: [...(configFile === undefined ? [] : [configFile]), ...secrets.files],
    warnings: [...resolved.warnings, ...secrets.warnings],
    notices: redirect === undefined ? [] : [redirectNotice(redirect, cwd)],
  };
}

interface LocalSecrets {
  values: Record<string, string>;
  /** The files the values came from. */
  files: string[];
  warnings: string[];
}

const NO_SECRETS: LocalSecrets = { values: {}, files: [], warnings: [] };

/** The secrets wrangler dev would bind from `.dev.vars`, the `.env` files or the process's environment. */
async function readSecrets(config: WorkerConfig, projectDir: string, options: LoadProjectOptions): Promise<LocalSecrets> {
  const { overrides = {}, processEnv = process.env } = options;
  const local = await loadDevSecrets(projectDir, {
    environment: options.env,
    envFiles: overrides.envFiles?.map((file) => path.resolve(projectDir, file)),
    ...(includesProcessEnv(config, processEnv) && { processEnv }),
    dotEnv: switchOf(processEnv, "CLOUDFLARE_LOAD_DEV_VARS_FROM_DOT_ENV") !== false,
  });
  const declared = declaredSecrets(config, local);
  return { values: declared.values, files: local.files, warnings: [...local.warnings, ...declared.warnings] };
}

/**
 * The Worker's fields from `configFile`. A redirected config is already one environment's, so
 * `--env` is only checked against it, as wrangler checks it, and not looked up in it.
 */
async function readWorkerFields(
  configFile: string,
  options: { configName: string; environment?: string; defaultName: string; redirected: boolean },
): Promise<ResolvedWorkerFields> {
  const { configName, environment, defaultName, redirected } = options;
  const parsed = parseConfigText(await readConfigFile(configFile), configFile, configName);
  if (!redirected) return resolveWorkerFields(parsed, { configName, environment, defaultName });
  checkRedirectedEnvironment(parsed, environment, configName);
  return resolveWorkerFields(parsed, { configName, defaultName });
}

/** Whether wrangler dev takes secrets from the process's environment too: when the config declares `secrets`, or `CLOUDFLARE_INCLUDE_PROCESS_ENV` is true. */
function includesProcessEnv(config: WorkerConfig, processEnv: Readonly<Record<string, string | undefined>>): boolean {
  return config.secrets !== undefined || switchOf(processEnv, "CLOUDFLARE_INCLUDE_PROCESS_ENV") === true;
}

/** One of wrangler's environment switches: `true` or `false` in any case; `undefined` when unset or neither. */
function switchOf(processEnv: Readonly<Record<string, string | undefined>>, name: string): boolean | undefined {
  const value = processEnv[name]?.toLowerCase();
  return value === "true" ? true : value === "false" ? false : undefined;
}

function withoutKeys(values: Record<string, string>, keys: readonly string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([key]) => !keys.includes(key)));
}

async function readConfigFile(configFile: string): Promise<string> {
  try {
    return await readFile(configFile, "utf8");
  } catch (error) {
    throw new ConfigError("ERR_CONFIG_UNREADABLE", `Cannot read ${configFile}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** The config file relative to `cwd` when it lies inside it (usually just `wrangler.jsonc`), else absolute. */
function nameForMessages(configFile: string, cwd: string): string {
  const relative = path.relative(cwd, configFile);
  return relative.startsWith("..") || path.isAbsolute(relative) ? configFile : relative;
}
