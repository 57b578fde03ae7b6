import path from "node:path";
import { ConfigError } from "./config-error.js";
import { findConfigRedirect, type ConfigRedirect } from "./config-redirect.js";
import { pathKind } from "./path-kind.js";
import { configFormatOf } from "./parse-config-text.js";

/** Looked for in this order, as wrangler v4 does. */
const CONFIG_FILE_NAMES = ["wrangler.json", "wrangler.jsonc", "wrangler.toml"] as const;

export interface FindConfigOptions {
  /**
   * Whether a build tool's `.wrangler/deploy/config.json` in a searched directory chooses the
   * config, as it does for `wrangler dev` (but not for wrangler's data commands).
   */
  followRedirect: boolean;
  /** Whether a searched directory without a config is an error, rather than a project given on the command line. */
  required: boolean;
}

export interface FoundConfig {
  /** Absolute path of the config file to read; absent when none was required and there is none. */
  configFile?: string;
  /**
   * The project's directory: where its `.dev.vars`, `.env` files and data are. That is the user's
   * config's directory, as in wrangler, also when a redirect chose a generated config elsewhere.
   */
  projectDir: string;
  /** The redirect that chose `configFile`, when one did. */
  redirect?: ConfigRedirect;
}

/**
 * The config to read. `configPath` (relative to `cwd`) names the file itself, read as it is, as
 * wrangler reads `--config`; or a directory to search, as is `cwd` without it. Unlike wrangler,
 * parent directories are not searched, for the config or for the redirect, which wrangler only
 * applies beside the user's config anyway.
 */
export async function findConfigFile(configPath: string | undefined, cwd: string, options: FindConfigOptions): Promise<FoundConfig> {
  const target = path.resolve(cwd, configPath ?? ".");
  const targetKind = await pathKind(target);
  if (targetKind === "file") return { configFile: checkedFormat(target), projectDir: path.dirname(target) };
  if (targetKind === "missing") {
    throw new ConfigError("ERR_CONFIG_NOT_FOUND", `Config file ${target} does not exist.`);
  }
  const userConfigFile = await configFileIn(target);
  const redirect = options.followRedirect ? await findConfigRedirect(target, cwd, userConfigFile) : undefined;
  if (redirect !== undefined) return { configFile: checkedFormat(redirect.configFile), projectDir: target, redirect };
  if (userConfigFile === undefined && options.required) {
    throw new ConfigError(
      "ERR_CONFIG_NOT_FOUND",
      `No wrangler config file in ${target}: looked for ${CONFIG_FILE_NAMES.join(", ")}. ` +
        "Run Outpost in a Workers project, or pass the config file's path with --config.",
    );
  }
  return { ...(userConfigFile !== undefined && { configFile: userConfigFile }), projectDir: target };
}

/** Absolute path of the config file in `dir`, if it holds one. */
async function configFileIn(dir: string): Promise<string | undefined> {
  for (const name of CONFIG_FILE_NAMES) {
    const candidate = path.join(dir, name);
    if ((await pathKind(candidate)) === "file") return candidate;
  }
  return undefined;
}

function checkedFormat(file: string): string {
  if (configFormatOf(file) === undefined) {
    throw new ConfigError("ERR_CONFIG_FORMAT", `Cannot read ${file}: a wrangler config file must end in .json, .jsonc or .toml.`);
  }
  return file;
}
