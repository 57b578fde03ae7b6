import { OutpostError } from "../errors.js";

export type ConfigErrorCode =
  /** No wrangler.json, wrangler.jsonc or wrangler.toml where one was expected, or `--config` names nothing. */
  | "ERR_CONFIG_NOT_FOUND"
  /** `--config` names a file whose extension is not .json, .jsonc or .toml. */
  | "ERR_CONFIG_FORMAT"
  /** A config, .dev.vars or .env file exists but could not be read. */
  | "ERR_CONFIG_UNREADABLE"
  /** The config file is not valid JSONC or TOML. */
  | "ERR_CONFIG_SYNTAX"
  /** The config file parsed, but one or more fields are wrong; the message lists every one. */
  | "ERR_CONFIG_INVALID"
  /** `--env` names an environment the config file does not define. */
  | "ERR_ENV_NOT_FOUND"
  /** `--env` names an environment other than the one a redirected (generated) config was built for. */
  | "ERR_ENV_NOT_BUILT"
  /** A build tool's `.wrangler/deploy/config.json` is not JSON, or names no `configPath`. */
  | "ERR_DEPLOY_CONFIG_INVALID"
  /** The `configPath` of `.wrangler/deploy/config.json` names a file that does not exist. */
  | "ERR_REDIRECTED_CONFIG_NOT_FOUND"
  /** Neither `main` nor `assets.directory` is set, so there is nothing to run. */
  | "ERR_MAIN_MISSING"
  /** `main` names a file that does not exist. */
  | "ERR_MAIN_NOT_FOUND"
  /** `tsconfig` names a file that does not exist. */
  | "ERR_TSCONFIG_NOT_FOUND"
  /** `build.cwd` names a directory that does not exist. */
  | "ERR_BUILD_CWD_NOT_FOUND"
  /** `assets.directory` names a directory that does not exist. */
  | "ERR_ASSETS_DIRECTORY_NOT_FOUND"
  /** `site.bucket` names a directory that does not exist. */
  | "ERR_SITE_BUCKET_NOT_FOUND"
  /** A file of `wasm_modules`, `text_blobs` or `data_blobs` does not exist. */
  | "ERR_BLOB_NOT_FOUND";

export class ConfigError extends OutpostError<ConfigErrorCode> {}
