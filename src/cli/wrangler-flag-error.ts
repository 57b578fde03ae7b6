import { OutpostError } from "../errors.js";

export type WranglerFlagErrorCode =
  /** `--remote` asks for Cloudflare's network, which Outpost never reaches. */
  | "ERR_REMOTE"
  /** A flag of wrangler's that means something Outpost cannot do, such as D1's `--preview`. */
  | "ERR_WRANGLER_FLAG_UNSUPPORTED";

/** A flag that wrangler takes and Outpost refuses; the message names the flag and what to do instead. */
export class WranglerFlagError extends OutpostError<WranglerFlagErrorCode> {}
