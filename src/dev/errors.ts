import { OutpostError } from "../errors.js";

export type DevServerErrorCode =
  /** Two of the configs given to one `outpost dev` name the same worker. */
  "ERR_DUPLICATE_WORKER";

export class DevServerError extends OutpostError<DevServerErrorCode> {}
