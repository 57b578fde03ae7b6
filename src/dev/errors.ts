import { OutpostError } from "../errors.js";

export type DevServerErrorCode =
  /** Two of the configs given to one `outpost dev` name the same worker. */
  | "ERR_DUPLICATE_WORKER"
  /** A port `outpost dev` serves on is taken. */
  | "ERR_PORT_IN_USE"
  /** A project's `build.command` exited with an error. */
  | "ERR_CUSTOM_BUILD_FAILED"
  /** A project's `build.command` succeeded, but `main` does not name a file it wrote. */
  | "ERR_CUSTOM_BUILD_NO_MAIN"
  /** The config binds a Durable Object or Workflow class the worker's main module does not export. */
  | "ERR_CLASS_NOT_EXPORTED"
  /** The config asks for what the worker's format cannot have: blobs for a module Worker, assets for a Service Worker. */
  | "ERR_WORKER_FORMAT_MISMATCH"
  /** The key or certificate to serve HTTPS with is missing, unreadable, or not a pair. */
  | "ERR_HTTPS_CERTIFICATE"
  /** `outpost dev <script>` names a script that is not there. */
  | "ERR_SCRIPT_NOT_FOUND"
  /** The host the served Worker is to see in its URL (`--host`, `dev.host`, the first route) is not a host name. */
  | "ERR_BAD_UPSTREAM_HOST";

export class DevServerError extends OutpostError<DevServerErrorCode> {}
