import { OutpostError } from "../errors.js";

export type AnalyticsEngineCommandErrorCode =
  /** No worker has written a data point under the persist directory. */
  | "ERR_AE_NO_DATA"
  /** SQLite refused the query. */
  | "ERR_AE_SQL_REFUSED";

/** An `analytics-engine` command that cannot do what it was asked; the message names the directory or query at fault. */
export class AnalyticsEngineCommandError extends OutpostError<AnalyticsEngineCommandErrorCode> {}
