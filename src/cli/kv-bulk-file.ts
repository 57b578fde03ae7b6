import { isRecord } from "../config/is-record.js";
import type { KvPutOptions } from "../services/kv/index.js";
import { KvCommandError } from "./kv-command-error.js";
import { readInputFile } from "./read-input-file.js";

export interface KvBulkPutEntry {
  key: string;
  value: Uint8Array;
  options: KvPutOptions;
}

const PUT_FIELDS = ["key", "value", "base64", "expiration", "expiration_ttl", "metadata"];

/**
 * Reads a `wrangler kv bulk put` file, `[{key, value, base64?, expiration?, expiration_ttl?, metadata?}]`,
 * refusing it whole, naming the entry and field, if any entry is malformed.
 */
export async function readBulkPutFile(file: string): Promise<KvBulkPutEntry[]> {
  const entries = await readJsonArray(file, "{key, value} objects");
  return entries.map((entry, index) => {
    const at = `${file}[${index}]`;
    if (!isRecord(entry)) throw invalid(`${at} must be an object with a string "key" and "value".`);
    const unknown = Object.keys(entry).filter((field) => !PUT_FIELDS.includes(field));
    if (unknown.length > 0) throw invalid(`${at} has unknown field ${unknown.map((field) => `"${field}"`).join(", ")}; allowed: ${PUT_FIELDS.join(", ")}.`);
    const { key, value, base64, expiration, expiration_ttl: expirationTtl, metadata } = entry;
    if (typeof key !== "string") throw invalid(`${at}.key must be a string.`);
    if (typeof value !== "string") throw invalid(`${at}.value must be a string.`);
    if (base64 !== undefined && typeof base64 !== "boolean") throw invalid(`${at}.base64 must be true or false.`);
    if (base64 && !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) throw invalid(`${at}.value must be base64, as ${at}.base64 is true.`);
    for (const [field, seconds] of [["expiration", expiration], ["expiration_ttl", expirationTtl]] as const) {
      if (seconds !== undefined && !Number.isInteger(seconds)) throw invalid(`${at}.${field} must be a whole number of seconds.`);
    }
    return {
      key,
      value: Buffer.from(value, base64 ? "base64" : "utf8"),
      options: {
        expiration: expiration === undefined ? null : String(expiration),
        expirationTtl: expirationTtl === undefined ? null : String(expirationTtl),
        metadata: metadata === undefined || metadata === null ? null : JSON.stringify(metadata),
      },
    };
  });
}

/** Reads a `wrangler kv bulk delete` file: an array of keys, each a string or a `{name}` object as `kv key list` prints. */
export async function readBulkDeleteFile(file: string): Promise<string[]> {
  const items = await readJsonArray(file, "key strings or {name} objects");
  return items.map((item, index) => {
    const key = isRecord(item) ? item.name : item;
    if (typeof key !== "string") throw invalid(`${file}[${index}] must be a key string or an object with a string "name".`);
    return key;
  });
}

async function readJsonArray(file: string, expected: string): Promise<unknown[]> {
  const text = (await readInputFile(file, "bulk file")).toString("utf8");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw invalid(`${file} is not valid JSON: ${(error as Error).message}.`);
  }
  if (!Array.isArray(parsed)) throw invalid(`${file} must be a JSON array of ${expected}, as wrangler kv bulk takes.`);
  return parsed;
}

function invalid(message: string): KvCommandError {
  return new KvCommandError("ERR_KV_BULK_FILE_INVALID", message);
}
