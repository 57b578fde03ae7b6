/** One key's stored value. */
export interface KvEntry {
  value: Uint8Array;
  /** Milliseconds since the epoch after which the key no longer exists; `null` for never. */
  expiration: number | null;
  /** The metadata as the JSON text it was written with, or `null`. */
  metadata: string | null;
}

export interface KvListedKey {
  key: string;
  expiration: number | null;
  metadata: string | null;
}

export interface KvListQuery {
  prefix: string;
  /** Only keys after this one, in UTF-8 byte order; `""` for the first page. */
  after: string;
  limit: number;
  /** Keys that expired at or before this time (ms) are left out. */
  now: number;
}

/**
 * Where KV namespaces keep their keys. Reads see every write whose promise has resolved, and a
 * resolved write survives a crash of the whole machine. Keys sort by their UTF-8 bytes.
 * A Postgres backend implements the same contract.
 */
export interface KvStorage {
  /** Each key's live entry, or `null`, in the order asked. */
  read(namespace: string, keys: readonly string[], now: number): (KvEntry | null)[];
  write(namespace: string, key: string, entry: KvEntry): Promise<void>;
  delete(namespace: string, key: string): Promise<void>;
  list(namespace: string, query: KvListQuery): KvListedKey[];
  /** Namespaces with at least one stored key. */
  namespaces(): string[];
  /** Deletes keys that expired at or before `now`; returns how many. */
  purgeExpired(now: number): number;
  close(): void;
}
