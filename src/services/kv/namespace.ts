import { KvError } from "./errors.js";
import {
  MAX_BULK_BYTES,
  MAX_BULK_KEYS,
  MAX_KEY_BYTES,
  MAX_LIST_KEYS,
  MAX_METADATA_BYTES,
  MAX_VALUE_BYTES,
  MIN_CACHE_TTL_SECONDS,
  MIN_EXPIRATION_TTL_SECONDS,
} from "./limits.js";
import type { KvEntry, KvStorage, KvValue } from "./storage.js";

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/**
 * Options as they arrive: strings from the wire protocol's query string or the CLI's flags,
 * parsed and refused here exactly as Cloudflare's KV backend does.
 */
export interface KvPutOptions {
  expiration?: string | null;
  expirationTtl?: string | null;
  /** JSON text. */
  metadata?: string | null;
}

export interface KvListOptions {
  prefix?: string | null;
  limit?: string | null;
  cursor?: string | null;
}

export interface KvListPage {
  keys: { name: string; expiration?: number; metadata?: unknown }[];
  list_complete: boolean;
  cursor?: string;
}

export interface KvBulkGetRequest {
  keys?: unknown;
  type?: unknown;
  withMetadata?: unknown;
  cacheTtl?: unknown;
}

/** One KV namespace: Cloudflare's semantics, limits and error texts over a `KvStorage`. */
export class KvNamespace {
  readonly id: string;
  readonly #storage: KvStorage;
  readonly #clock: Clock;

  constructor(id: string, storage: KvStorage, clock: Clock = Date) {
    this.id = id;
    this.#storage = storage;
    this.#clock = clock;
  }

  /**
   * `cacheTtl` is validated as Cloudflare does; reads here are never stale, so it allows nothing more.
   * A streamed value must be read or closed by the caller.
   */
  get(key: string, cacheTtl?: string | null): KvEntry | null {
    validateKey(key);
    validateCacheTtl(cacheTtl);
    return this.#storage.read(this.id, [key], this.#clock.now())[0]!;
  }

  /**
   * Takes `value` in whole, as bytes or as chunks streamed from an upload, before any refusal: a
   * refused upload is still read to its end (workerd loses the connection if answered mid-upload),
   * and nothing of it is kept.
   */
  async put(key: string, value: Uint8Array | AsyncIterable<Uint8Array>, options: KvPutOptions = {}): Promise<void> {
    const received = await this.#storage.receive(value instanceof Uint8Array ? [value] : value, MAX_VALUE_BYTES);
    try {
      validateKey(key);
      if (received.byteLength > MAX_VALUE_BYTES) {
        throw new KvError("ERR_VALUE_TOO_LARGE", 413, `Value length of ${received.byteLength} exceeds limit of ${MAX_VALUE_BYTES}.`);
      }
      const expiration = this.#expiration(options);
      const metadata = options.metadata ?? null;
      if (metadata !== null) {
        const size = Buffer.byteLength(metadata);
        if (size > MAX_METADATA_BYTES) {
          throw new KvError("ERR_METADATA_TOO_LARGE", 413, `Metadata length of ${size} exceeds limit of ${MAX_METADATA_BYTES}.`);
        }
      }
      await this.#storage.write(this.id, key, { value: received, expiration, metadata });
    } catch (error) {
      await received.discard();
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    validateKey(key);
    await this.#storage.delete(this.id, key);
  }

  list(options: KvListOptions = {}): KvListPage {
    const limit = options.limit == null ? MAX_LIST_KEYS : parseInt(options.limit);
    const bad = `Invalid key_count_limit of ${limit}.`;
    if (Number.isNaN(limit) || limit < 1) throw new KvError("ERR_LIST_INVALID", 400, `${bad} Please specify an integer greater than 0.`);
    // Cloudflare's text says "less than" though 1000 itself is allowed.
    if (limit > MAX_LIST_KEYS) throw new KvError("ERR_LIST_INVALID", 400, `${bad} Please specify an integer less than ${MAX_LIST_KEYS}.`);
    const prefix = options.prefix ?? "";
    validateKeyLength(prefix);
    const after = options.cursor ? decodeCursor(options.cursor) : "";
    const rows = this.#storage.list(this.id, { prefix, after, limit: limit + 1, now: this.#clock.now() });
    const keys = rows.slice(0, limit).map((row) => ({
      name: row.key,
      ...(row.expiration !== null && { expiration: Math.floor(row.expiration / 1000) }),
      ...(row.metadata !== null && { metadata: JSON.parse(row.metadata) as unknown }),
    }));
    const complete = rows.length <= limit;
    return complete ? { keys, list_complete: true } : { keys, list_complete: false, cursor: encodeCursor(keys.at(-1)!.name) };
  }

  /** A bulk `get`: each key's value (or `{value, metadata}`), `null` for a missing key. */
  async bulkGet(request: KvBulkGetRequest): Promise<Record<string, unknown>> {
    const keys = Array.isArray(request.keys) ? request.keys.map(String) : [];
    const type = request.type ?? "text";
    if (type !== "text" && type !== "json") {
      throw new KvError("ERR_BULK_INVALID", 400, `"${String(type)}" is not a valid type. Use "json" or "text"`);
    }
    if (keys.length > MAX_BULK_KEYS) throw new KvError("ERR_BULK_INVALID", 400, `You can request a maximum of ${MAX_BULK_KEYS} keys`);
    if (keys.length < 1) throw new KvError("ERR_BULK_INVALID", 400, "You must request a minimum of 1 key");
    keys.forEach(validateKey);
    validateCacheTtl(request.cacheTtl == null ? null : String(request.cacheTtl));
    const entries = this.#storage.read(this.id, keys, this.#clock.now());
    const total = entries.reduce((sum, entry) => sum + (entry?.value.byteLength ?? 0), 0);
    if (total > MAX_BULK_BYTES) {
      for (const entry of entries) if (entry !== null && !(entry.value instanceof Uint8Array)) entry.value.close();
      throw new KvError("ERR_BULK_TOO_LARGE", 413, `Total size of request exceeds the limit of ${MAX_BULK_BYTES / 1024 / 1024}MB`);
    }
    const bytes = await Promise.all(entries.map((entry) => (entry === null ? null : wholeValue(entry.value))));
    const values: Record<string, unknown> = {};
    keys.forEach((key, index) => {
      const entry = entries[index]!;
      if (entry === null) {
        values[key] = null;
        return;
      }
      const value = type === "json" ? parseJsonValue(bytes[index]!) : textDecoder.decode(bytes[index]!);
      values[key] = request.withMetadata ? { value, metadata: entry.metadata === null ? null : JSON.parse(entry.metadata) } : value;
    });
    return values;
  }

  /** Deletes this store's expired keys, in every namespace; returns how many. */
  purgeExpired(): number {
    return this.#storage.purgeExpired(this.#clock.now());
  }

  #expiration(options: KvPutOptions): number | null {
    const now = Math.floor(this.#clock.now() / 1000);
    if (options.expirationTtl != null) {
      const ttl = parseInt(options.expirationTtl);
      const bad = `Invalid expiration_ttl of ${options.expirationTtl}.`;
      if (Number.isNaN(ttl) || ttl <= 0) throw new KvError("ERR_EXPIRATION_INVALID", 400, `${bad} Please specify integer greater than 0.`);
      if (ttl < MIN_EXPIRATION_TTL_SECONDS) {
        throw new KvError("ERR_EXPIRATION_INVALID", 400, `${bad} Expiration TTL must be at least ${MIN_EXPIRATION_TTL_SECONDS}.`);
      }
      return (now + ttl) * 1000;
    }
    if (options.expiration == null) return null;
    const at = parseInt(options.expiration);
    const bad = `Invalid expiration of ${options.expiration}.`;
    if (Number.isNaN(at) || at <= now) {
      throw new KvError(
        "ERR_EXPIRATION_INVALID",
        400,
        `${bad} Please specify integer greater than the current number of seconds since the UNIX epoch.`,
      );
    }
    if (at < now + MIN_EXPIRATION_TTL_SECONDS) {
      throw new KvError(
        "ERR_EXPIRATION_INVALID",
        400,
        `${bad} Expiration times must be at least ${MIN_EXPIRATION_TTL_SECONDS} seconds in the future.`,
      );
    }
    return at * 1000;
  }
}

const textDecoder = new TextDecoder();

function wholeValue(value: KvValue): Uint8Array | Promise<Uint8Array> {
  return value instanceof Uint8Array ? value : value.bytes();
}

function validateKey(key: string): void {
  if (key === "") throw new KvError("ERR_KEY_INVALID", 400, "Key names must not be empty");
  if (key === "." || key === "..") throw new KvError("ERR_KEY_INVALID", 400, `Illegal key name "${key}". Please use a different name.`);
  validateKeyLength(key);
}

function validateKeyLength(key: string): void {
  const size = Buffer.byteLength(key);
  if (size > MAX_KEY_BYTES) {
    throw new KvError("ERR_KEY_TOO_LONG", 414, `UTF-8 encoded length of ${size} exceeds key length limit of ${MAX_KEY_BYTES}.`);
  }
}

function validateCacheTtl(value: string | null | undefined): void {
  if (value == null) return;
  const ttl = Number(value);
  if (!Number.isInteger(ttl) || ttl < MIN_CACHE_TTL_SECONDS) {
    throw new KvError("ERR_CACHE_TTL_INVALID", 400, `Invalid cache_ttl of ${value}. Cache TTL must be at least ${MIN_CACHE_TTL_SECONDS}.`);
  }
}

function parseJsonValue(value: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(value));
  } catch {
    throw new KvError("ERR_BULK_INVALID", 400, "At least one of the requested keys corresponds to a non-json value");
  }
}

/** A cursor is the last key of the page, UTF-8 bytes in base64url: opaque to callers, stable across restarts. */
function encodeCursor(key: string): string {
  return Buffer.from(key).toString("base64url");
}

function decodeCursor(cursor: string): string {
  const key = Buffer.from(cursor, "base64url").toString("utf8");
  if (encodeCursor(key) !== cursor) throw new KvError("ERR_LIST_INVALID", 400, "Invalid cursor.");
  return key;
}
