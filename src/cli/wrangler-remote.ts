import { WranglerFlagError } from "./wrangler-flag-error.js";

/**
 * The refusal of wrangler's `--remote`, for every command that takes it: `asks` is what it would
 * do on Cloudflare, `instead` what the command does on this machine.
 */
export function remoteRefusal(asks: string, instead: string): WranglerFlagError {
  return new WranglerFlagError("ERR_REMOTE", `--remote ${asks}; Outpost has no remote: ${instead}. Drop --remote.`);
}
