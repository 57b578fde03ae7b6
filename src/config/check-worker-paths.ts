import { ConfigError } from "./config-error.js";
import { pathKind } from "./path-kind.js";
import type { WorkerConfig } from "./worker-config.js";

/** Fails unless the config names something to run and the paths it names exist. */
export async function checkWorkerPaths(config: WorkerConfig, configName: string): Promise<void> {
  const assetsDirectory = config.assets?.directory;
  if (config.main === undefined && assetsDirectory === undefined) {
    throw new ConfigError(
      "ERR_MAIN_MISSING",
      `${configName} does not say what to run. Set \`main\` in ${configName} to the Worker's entry point ` +
        "(or `assets.directory` for a project of static assets only).",
    );
  }
  const mainKind = config.main === undefined ? undefined : await pathKind(config.main);
  if (mainKind === "missing" || mainKind === "directory") {
    throw new ConfigError(
      "ERR_MAIN_NOT_FOUND",
      `The Worker's entry point ${config.main} (\`main\` in ${configName}) ` +
        (mainKind === "missing" ? "does not exist." : "is a directory, not a file."),
    );
  }
  if (assetsDirectory !== undefined && (await pathKind(assetsDirectory)) !== "directory") {
    throw new ConfigError(
      "ERR_ASSETS_DIRECTORY_NOT_FOUND",
      `The assets directory ${assetsDirectory} (\`assets.directory\` in ${configName}) does not exist. ` +
        "Build the assets first, or correct the path.",
    );
  }
}
