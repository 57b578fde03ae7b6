import { OutpostError } from "../../errors.js";

export type CronErrorCode =
  /** A cron trigger that is not a Cloudflare cron expression, or that never matches any minute. */
  "ERR_CRON_INVALID";

/** A cron trigger refused; the message quotes the expression and says which field is wrong and how. */
export class CronError extends OutpostError<CronErrorCode> {}
