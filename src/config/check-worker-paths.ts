import { ConfigError, type ConfigErrorCode } from "./config-error.js";
import { pathKind } from "./path-kind.js";
import type { WorkerConfig } from "./worker-config.js";

/**
 * Fails unless the config names something to run, one way of serving static files, and paths that
 * exist. A `main` that a custom build writes is checked once that build has run.
 */
export async function checkWorkerPaths(config: WorkerConfig, configName: string): Promise<void> {
  const assetsDirectory = config.assets?.directory;
  if (config.main === undefined && assetsDirectory === undefined) {
    throw new ConfigError(
      "ERR_MAIN_MISSING",
      `${configName} does not say what to run. Set \`main\` in ${configName} to the Worker's entry point ` +
        "(or `assets.directory` for a project of static assets only).",
    );
  }
  if (config.main !== undefined && config.build === undefined) {
    await requireFile(config.main, "ERR_MAIN_NOT_FOUND", `The Worker's entry point ${config.main} (\`main\` in ${configName})`);
  }
  if (config.tsconfig !== undefined) {
    await requireFile(config.tsconfig, "ERR_TSCONFIG_NOT_FOUND", `The tsconfig ${config.tsconfig} (\`tsconfig\` in ${configName})`);
  }
  if (config.build !== undefined) {
    await requireDirectory(config.build.cwd, "ERR_BUILD_CWD_NOT_FOUND", `The custom build's directory ${config.build.cwd} (\`build.cwd\` in ${configName})`);
  }
  if (config.site !== undefined && config.assets !== undefined) {
    throw new ConfigError(
      "ERR_CONFIG_INVALID",
      `Cannot use assets and Workers Sites in the same Worker. Remove either the \`site\` or the \`assets\` field from ${configName}.`,
    );
  }
  if (config.site !== undefined) {
    await requireDirectory(config.site.bucket, "ERR_SITE_BUCKET_NOT_FOUND", `The Workers Sites bucket ${config.site.bucket} (\`site.bucket\` in ${configName})`);
  }
  for (const field of ["wasm_modules", "text_blobs", "data_blobs"] as const) {
    for (const [name, file] of Object.entries(config[field])) {
      await requireFile(file, "ERR_BLOB_NOT_FOUND", `The file ${file} (\`${field}.${name}\` in ${configName})`);
    }
  }
  if (assetsDirectory !== undefined) {
    await requireDirectory(
      assetsDirectory,
      "ERR_ASSETS_DIRECTORY_NOT_FOUND",
      `The assets directory ${assetsDirectory} (\`assets.directory\` in ${configName})`,
      " Build the assets first, or correct the path.",
    );
  }
}

/** `described` names the file and the field that gave it. */
async function requireFile(file: string, code: ConfigErrorCode, described: string): Promise<void> {
  const kind = await pathKind(file);
  if (kind === "file") return;
  throw new ConfigError(code, `${described} ${kind === "missing" ? "does not exist." : "is a directory, not a file."}`);
}

async function requireDirectory(dir: string, code: ConfigErrorCode, described: string, advice = ""): Promise<void> {
  if ((await pathKind(dir)) !== "directory") throw new ConfigError(code, `${described} does not exist.${advice}`);
}
