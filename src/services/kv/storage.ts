import type { Readable } from "node:stream";

/**
 * A stored value too large to hold in memory, open for one read: exactly one of `stream`, `bytes`
 * and `close` must be called, and releases it. A value opened before an overwrite or delete
 * commits is read whole, as it was.
 */
export interface KvStreamedValue {
  readonly byteLength: number;
  /** The bytes in chunks, pulled as the consumer reads. */
  stream(): Readable;
  /** Every byte in one buffer. */
  bytes(): Promise<Uint8Array>;
  /** Releases the value unread. */
  close(): void;
}

/** A value as a backend returns it: its bytes when it keeps the value inline, else a value to stream. */
export type KvValue = Uint8Array | KvStreamedValue;

/**
 * A value `receive` has taken in, held by the backend until `write` stores it or `discard` drops
 * it. A backend keeps small values in memory and may spool large ones to its own blob storage.
 */
export interface KvReceivedValue {
  /** Bytes received; above the `maxBytes` given to `receive`, the bytes were counted, not kept. */
  readonly byteLength: number;
  /** Drops what was kept; resolves once it is gone. */
  discard(): Promise<void>;
}

/** One key's stored value. */
export interface KvEntry<Value = KvValue> {
  value: Value;
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
 * resolved write survives a crash of the whole machine. Keys sort by their UTF-8 bytes. Values of
 * up to 25 MiB pass through as streams, never whole in memory unless the backend chooses to keep
 * them inline. A Postgres backend implements the same contract.
 */
export interface KvStorage {
  /**
   * Reads `chunks` to their end, keeping the value when it is at most `maxBytes` and only counting
   * it when larger, so a refused upload is still drained.
   */
  receive(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, maxBytes: number): Promise<KvReceivedValue>;
  /** Each key's live entry, or `null`, in the order asked. Every streamed value must be released. */
  read(namespace: string, keys: readonly string[], now: number): (KvEntry | null)[];
  /** Stores a value this backend's `receive` returned, replacing the key's previous value. */
  write(namespace: string, key: string, entry: KvEntry<KvReceivedValue>): Promise<void>;
  delete(namespace: string, key: string): Promise<void>;
  list(namespace: string, query: KvListQuery): KvListedKey[];
  /** Namespaces with at least one stored key. */
  namespaces(): string[];
  /** Deletes keys that expired at or before `now`; returns how many. */
  purgeExpired(now: number): number;
  close(): void;
}
