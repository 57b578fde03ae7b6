import { readFile } from "node:fs/promises";
import path from "node:path";
import { buildWorkerConfig } from "./build-worker-config.js";
import { checkCompatibilityFlags } from "./check-compatibility-flags.js";
import { checkWorkerPaths } from "./check-worker-paths.js";
import { ConfigError } from "./config-error.js";
import { overrideFields, runsWithoutConfig, type ConfigOverrides } from "./config-overrides.js";
import { declaredSecrets } from "./declared-secrets.js";
import { loadDevSecrets } from "./dev-vars.js";
import { configFileIn, findConfigFile } from "./find-config-file.js";
import { parseConfigText } from "./parse-config-text.js";
import { resolveWorkerFields, type ResolvedWorkerFields } from "./resolve-worker-fields.js";
import type { WorkerConfig } from "./worker-config.js";

export interface LoadProjectOptions {
  /** Path given with -c/--config (a file), or a project directory; relative to `cwd`. Without it, `cwd` is searched. */
  configPath?: string;
  cwd: string;
  /** --env name */
  env?: string;
  /** What the command line sets in place of the config. When they name something to run, a project without a config file in `cwd` is `cwd`. */
  overrides?: ConfigOverrides;
  /** The environment secrets may come from, as wrangler dev takes them from its own. @default process.env */
  processEnv?: Readonly<Record<string, string | undefined>>;
  /**
   * Whether the files the Worker runs from (`main`, `assets.directory`, `build.cwd`, blobs…) must
   * exist. Only running it needs them: commands over the project's data read the config alone, as
   * wrangler's do, so they work before the Worker is written. @default true
   */
  requireWorkerFiles?: boolean;
}

export interface LoadedProject {
  /** Absolute path of the config file read; absent for a project given wholly on the command line. */
  configFile?: string;
  /** How messages name the config: its path, relative to `cwd` when inside it. */
  configName: string;
  /** Absolute project directory: the config file's directory, else `cwd`. */
  projectDir: string;
  /** The selected environment's configuration. */
  config: WorkerConfig;
  /** Secrets from .dev.vars or the .env files, less those `--var` sets; the caller layers them over `config.vars`. */
  secrets: Record<string, string>;
  /** Absolute paths of every file read (config, .dev.vars, .env…), for the dev loop to watch. */
  inputFiles: string[];
  /** Human-readable warnings, each reported once: unsupported or unknown fields, environment mistakes. */
  warnings: string[];
}

/** Finds, reads and validates a wrangler project's config and its local secrets. */
export async function loadProject(options: LoadProjectOptions): Promise<LoadedProject> {
  const { cwd, overrides = {}, processEnv = process.env, requireWorkerFiles = true } = options;
  const configFile =
    options.configPath === undefined && runsWithoutConfig(overrides) ? await configFileIn(cwd) : await findConfigFile(options.configPath, cwd);
  const projectDir = configFile === undefined ? cwd : path.dirname(configFile);
  const configName = configFile === undefined ? "the command line" : nameForMessages(configFile, cwd);

  const defaultName = path.basename(projectDir);
  const resolved: ResolvedWorkerFields =
    configFile === undefined
      ? { fields: { name: defaultName }, unsupported: {}, warnings: [] }
      : resolveWorkerFields(parseConfigText(await readConfigFile(configFile), configFile, configName), { configName, environment: options.env, defaultName });
  const config = buildWorkerConfig(overrideFields(resolved.fields, overrides), resolved.unsupported, projectDir);
  if (requireWorkerFiles) await checkWorkerPaths(config, configName);
  checkCompatibilityFlags(config, configName);

  const local = await loadDevSecrets(projectDir, {
    environment: options.env,
    envFiles: overrides.envFiles?.map((file) => path.resolve(projectDir, file)),
    ...(includesProcessEnv(config, processEnv) && { processEnv }),
    dotEnv: switchOf(processEnv, "CLOUDFLARE_LOAD_DEV_VARS_FROM_DOT_ENV") !== false,
  });
  const secrets = declaredSecrets(config, local);
  return {
    configFile,
    configName,
    projectDir,
    config,
    secrets: withoutKeys(secrets.values, Object.keys(overrides.vars ?? {})),
    inputFiles: [...(configFile === undefined ? [] : [configFile]), ...local.files],
    warnings: [...resolved.warnings, ...local.warnings, ...secrets.warnings],
  };
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
