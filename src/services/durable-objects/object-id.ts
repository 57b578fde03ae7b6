import { createHash, createHmac } from "node:crypto";

/**
 * The id workerd's `idFromName(name)` gives in the namespace with `uniqueKey`, worked out from the
 * ids workerd stores: 16 bytes of an HMAC-SHA256 of the name under the SHA-256 of the unique key,
 * then 16 bytes of the same HMAC of those bytes, in hex.
 */
export function idFromName(uniqueKey: string, name: string): string {
  const key = createHash("sha256").update(uniqueKey).digest();
  const base = createHmac("sha256", key).update(name).digest().subarray(0, 16);
  const check = createHmac("sha256", key).update(base).digest().subarray(0, 16);
  return Buffer.concat([base, check]).toString("hex");
}
