import path from "node:path";
import { ConfigError } from "./config-error.js";
import { pathKind } from "./path-kind.js";
import { configFormatOf } from "./parse-config-text.js";

/** Looked for in this order, as wrangler v4 does. */
const CONFIG_FILE_NAMES = ["wrangler.json", "wrangler.jsonc", "wrangler.toml"] as const;

/**
 * Absolute path of the config file to read. `configPath` (relative to `cwd`) names the file
 * itself or a directory to look in; without it, Outpost looks in `cwd`. Unlike wrangler, parent
 * directories are not searched.
 */
export async function findConfigFile(configPath: string | undefined, cwd: string): Promise<string> {
  const target = path.resolve(cwd, configPath ?? ".");
  const targetKind = await pathKind(target);
  if (targetKind === "file") {
    if (configFormatOf(target) === undefined) {
      throw new ConfigError(
        "ERR_CONFIG_FORMAT",
        `Cannot read ${target}: a wrangler config file must end in .json, .jsonc or .toml.`,
      );
    }
    return target;
  }
  if (targetKind === "missing") {
    throw new ConfigError("ERR_CONFIG_NOT_FOUND", `Config file ${target} does not exist.`);
  }
  const found = await configFileIn(target);
  if (found !== undefined) return found;
  throw new ConfigError(
    "ERR_CONFIG_NOT_FOUND",
    `No wrangler config file in ${target}: looked for ${CONFIG_FILE_NAMES.join(", ")}. ` +
      "Run Outpost in a Workers project, or pass the config file's path with --config.",
  );
}

/** Absolute path of the config file in `dir`, if it holds one. */
export async function configFileIn(dir: string): Promise<string | undefined> {
  for (const name of CONFIG_FILE_NAMES) {
    const candidate = path.join(dir, name);
    if ((await pathKind(candidate)) === "file") return candidate;
  }
  return undefined;
}
