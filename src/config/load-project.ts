import { readFile } from "node:fs/promises";
import path from "node:path";
import { buildWorkerConfig } from "./build-worker-config.js";
import { checkCompatibilityFlags } from "./check-compatibility-flags.js";
import { checkWorkerPaths } from "./check-worker-paths.js";
import { ConfigError } from "./config-error.js";
import { declaredSecrets } from "./declared-secrets.js";
import { loadDevSecrets } from "./dev-vars.js";
import { findConfigFile } from "./find-config-file.js";
import { parseConfigText } from "./parse-config-text.js";
import { resolveWorkerFields } from "./resolve-worker-fields.js";
import type { WorkerConfig } from "./worker-config.js";

export interface LoadProjectOptions {
  /** Path given with -c/--config (a file), or a project directory; relative to `cwd`. Without it, `cwd` is searched. */
  configPath?: string;
  cwd: string;
  /** --env name */
  env?: string;
  /** --var KEY:VALUE overrides, already split; they replace `vars` of the same name. */
  varOverrides?: Record<string, string>;
  /** Absolute path of an entry point given on the command line (`wrangler dev <script>`), in place of `main`. */
  main?: string;
}

export interface LoadedProject {
  /** Absolute path of the config file read. */
  configFile: string;
  /** Absolute project directory (the config file's directory). */
  projectDir: string;
  /** The selected environment's configuration. */
  config: WorkerConfig;
  /** Secrets from .dev.vars or the .env files; the caller layers them over `config.vars`. */
  secrets: Record<string, string>;
  /** Absolute paths of every file read (config, .dev.vars, .env…), for the dev loop to watch. */
  inputFiles: string[];
  /** Human-readable warnings, each reported once: unsupported or unknown fields, environment mistakes. */
  warnings: string[];
}

/** Finds, reads and validates a wrangler project's config and its local secrets. */
export async function loadProject(options: LoadProjectOptions): Promise<LoadedProject> {
  const configFile = await findConfigFile(options.configPath, options.cwd);
  const projectDir = path.dirname(configFile);
  const configName = nameForMessages(configFile, options.cwd);

  const parsed = parseConfigText(await readConfigFile(configFile), configFile, configName);
  const resolved = resolveWorkerFields(parsed, {
    configName,
    environment: options.env,
    defaultName: path.basename(projectDir),
  });
  const config = buildWorkerConfig(resolved.fields, resolved.unsupported, projectDir);
  config.vars = { ...config.vars, ...options.varOverrides };
  if (options.main !== undefined) config.main = options.main;
  await checkWorkerPaths(config, configName);
  checkCompatibilityFlags(config, configName);

  const local = await loadDevSecrets(projectDir, options.env);
  const secrets = declaredSecrets(config, local);
  return {
    configFile,
    projectDir,
    config,
    secrets: secrets.values,
    inputFiles: [configFile, ...local.files],
    warnings: [...resolved.warnings, ...secrets.warnings],
  };
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
