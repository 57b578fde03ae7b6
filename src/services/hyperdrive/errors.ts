import { OutpostError } from "../../errors.js";

export type HyperdriveErrorCode =
  /** A Hyperdrive binding has no connection string to a database Outpost can reach. */
  | "ERR_HYPERDRIVE_NO_CONNECTION_STRING"
  /** Its connection string is not one workerd's Hyperdrive binding can use. */
  | "ERR_HYPERDRIVE_CONNECTION_STRING_INVALID";

export class HyperdriveError extends OutpostError<HyperdriveErrorCode> {}
