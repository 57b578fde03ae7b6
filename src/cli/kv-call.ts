import { KvError } from "../services/kv/index.js";
import { KvCommandError } from "./kv-command-error.js";

/** The operation names workerd's binding puts in its errors. A `list` is a GET of the namespace. */
export type KvOperation = "GET" | "PUT" | "DELETE";

/**
 * Runs one KV operation, reporting a refusal as a worker's binding would see it,
 * `KV PUT failed: 400 Invalid expiration_ttl of 30. …`, after `subject` (`entries.json[3]`) when given.
 */
export async function kvCall<T>(operation: KvOperation, run: () => T | Promise<T>, subject?: string): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof KvError)) throw error;
    const failure = `KV ${operation} failed: ${error.status} ${error.message}`;
    throw new KvCommandError("ERR_KV_REFUSED", subject === undefined ? failure : `${subject}: ${failure}`, { cause: error });
  }
}
