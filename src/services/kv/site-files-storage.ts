import { createReadStream, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import type { SiteConfig } from "../../config/index.js";
import { KvError } from "./errors.js";
import { SiteFiles } from "./site-files.js";
import type { KvEntry, KvListedKey, KvListQuery, KvReceivedValue, KvStorage } from "./storage.js";

/**
 * Workers Sites' `__STATIC_CONTENT` namespaces, read-only, straight from their buckets. A namespace
 * id is its site config as URI-encoded JSON, so one storage serves every worker's bucket.
 */
export class SiteFilesStorage implements KvStorage {
  readonly #sites = new Map<string, SiteFiles>();

  /** Drains what a put sends, which `write` then refuses. */
  async receive(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<KvReceivedValue> {
    let byteLength = 0;
    for await (const chunk of chunks) byteLength += chunk.byteLength;
    return { byteLength, discard: async () => {} };
  }

  read(namespace: string, keys: readonly string[]): (KvEntry | null)[] {
    const site = this.#site(namespace);
    return keys.map((key) => {
      const file = site.fileOf(key);
      if (file === undefined) return null;
      const value = { byteLength: statSync(file).size, stream: () => createReadStream(file), bytes: async () => new Uint8Array(await readFile(file)), close() {} };
      return { value, expiration: null, metadata: null };
    });
  }

  async write(): Promise<void> {
    throw readOnly("put");
  }

  async delete(): Promise<void> {
    throw readOnly("delete");
  }

  list(namespace: string, query: KvListQuery): KvListedKey[] {
    const after = Buffer.from(query.after);
    return this.#site(namespace)
      .keys()
      .filter((key) => key.startsWith(query.prefix) && Buffer.compare(Buffer.from(key), after) > 0)
      .slice(0, query.limit)
      .map((key) => ({ key, expiration: null, metadata: null }));
  }

  namespaces(): string[] {
    return [];
  }

  purgeExpired(): number {
    return 0;
  }

  close(): void {
    this.#sites.clear();
  }

  #site(namespace: string): SiteFiles {
    let site = this.#sites.get(namespace);
    if (site === undefined) this.#sites.set(namespace, (site = new SiteFiles(JSON.parse(decodeURIComponent(namespace)) as SiteConfig)));
    return site;
  }
}

function readOnly(operation: string): KvError {
  return new KvError("ERR_READ_ONLY", 405, `Cannot ${operation}() with read-only Workers Sites namespace`);
}
