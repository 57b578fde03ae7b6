import { OutpostError } from "../errors.js";

export type DevServerErrorCode =
  /** Two of the configs given to one `outpost dev` name the same worker. */
  | "ERR_DUPLICATE_WORKER"
  /** A port `outpost dev` serves on is taken. */
  | "ERR_PORT_IN_USE";

export class DevServerError extends OutpostError<DevServerErrorCode> {}
