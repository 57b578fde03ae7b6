import { readFile } from "node:fs/promises";
import path from "node:path";
import { ConfigError } from "./config-error.js";
import { isRecord } from "./is-record.js";
import { describeValue } from "./issue-messages.js";
import { parseConfigText } from "./parse-config-text.js";
import { pathKind } from "./path-kind.js";

/** Where a build tool leaves its redirect, from the directory of the user's config: wrangler's `PATH_TO_DEPLOY_CONFIG`. */
const DEPLOY_CONFIG_PATH = path.join(".wrangler", "deploy", "config.json");

/**
 * A build tool's redirect from the user's config to the one it generated, such as the Cloudflare
 * Vite plugin's `dist/<worker>/wrangler.json`.
 */
export interface ConfigRedirect {
  /** Absolute path of `.wrangler/deploy/config.json`. */
  deployConfigFile: string;
  /** Absolute path of the generated config it names: the one to read. */
  configFile: string;
  /** Absolute path of the user's own config beside it, if there is one. */
  userConfigFile?: string;
}

/**
 * The redirect in `dir`, read as `wrangler dev` reads it: `configPath`, relative to the redirect
 * file, must name a file that exists. A broken redirect is an error in wrangler's words, naming
 * files relative to `cwd` as wrangler names them relative to its working directory.
 */
export async function findConfigRedirect(dir: string, cwd: string, userConfigFile: string | undefined): Promise<ConfigRedirect | undefined> {
  const deployConfigFile = path.join(dir, DEPLOY_CONFIG_PATH);
  if ((await pathKind(deployConfigFile)) !== "file") return undefined;
  const name = path.relative(cwd, deployConfigFile);
  const text = await readFile(deployConfigFile, "utf8");
  const configPath = configPathIn(text, deployConfigFile, name);
  const configFile = path.resolve(path.dirname(deployConfigFile), configPath);
  if ((await pathKind(configFile)) === "missing") {
    throw new ConfigError(
      "ERR_REDIRECTED_CONFIG_NOT_FOUND",
      `There is a deploy configuration at "${name}".\n` +
        `But the redirected configuration path it points to, "${path.relative(cwd, configFile)}", does not exist.`,
    );
  }
  return { deployConfigFile, configFile, ...(userConfigFile !== undefined && { userConfigFile }) };
}

/** wrangler's note that a redirect chose the config, naming files relative to `cwd`. */
export function redirectNotice(redirect: ConfigRedirect, cwd: string): string {
  const relative = (file: string) => path.relative(cwd, file);
  return [
    "Using redirected Wrangler configuration.",
    ` - Configuration being used: "${relative(redirect.configFile)}"`,
    ` - Original user's configuration: "${redirect.userConfigFile === undefined ? "<no user config found>" : relative(redirect.userConfigFile)}"`,
    ` - Deploy configuration file: "${relative(redirect.deployConfigFile)}"`,
  ].join("\n");
}

/** The redirect file's `configPath`; like wrangler, an empty or absent one is "not found", and one that is no string fails to parse. */
function configPathIn(text: string, file: string, name: string): string {
  const failedToParse = (detail: string) =>
    new ConfigError("ERR_DEPLOY_CONFIG_INVALID", `Failed to parse the deploy configuration file at ${name}\n${detail}`);
  let parsed: unknown;
  try {
    parsed = parseConfigText(text, file, name);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw failedToParse(error.message);
  }
  const configPath = isRecord(parsed) ? parsed["configPath"] : undefined;
  if (!configPath) {
    throw new ConfigError(
      "ERR_DEPLOY_CONFIG_INVALID",
      `A deploy configuration file was found at "${name}".\n` +
        `But this is not valid - the required "configPath" property was not found.\n` +
        `Instead this file contains:\n\`\`\`\n${text}\n\`\`\``,
    );
  }
  if (typeof configPath !== "string") throw failedToParse(`"configPath" must be a string (got ${describeValue(configPath)}).`);
  return configPath;
}
