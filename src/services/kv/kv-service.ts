import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { KvNamespace, type Clock } from "./namespace.js";
import { serveKvRequest } from "./protocol.js";
import { SiteFilesStorage } from "./site-files-storage.js";
import { SqliteKvStorage } from "./sqlite-storage.js";
import type { KvStorage } from "./storage.js";

/** Milliseconds between sweeps that delete expired keys from disk. */
const PURGE_INTERVAL_MS = 60_000;

/** The header workerd's external service adds to each binding request, naming the namespace. */
export const KV_NAMESPACE_HEADER = "x-outpost-kv-namespace";

/** Every KV namespace of one persistence directory, over one storage backend. Expired keys are deleted from disk at open and every minute. */
export class KvService {
  readonly #storage: KvStorage;
  readonly #clock: Clock;
  readonly #namespaces = new Map<string, KvNamespace>();
  readonly #purgeTimer: NodeJS.Timeout;

  protected constructor(storage: KvStorage, clock: Clock) {
    this.#storage = storage;
    this.#clock = clock;
    this.#storage.purgeExpired(this.#clock.now());
    this.#purgeTimer = setInterval(() => this.#storage.purgeExpired(this.#clock.now()), PURGE_INTERVAL_MS).unref();
  }

  /** Opens the embedded store under `persistTo`: `<persistTo>/kv/kv.sqlite`, large values in `<persistTo>/kv/blobs/`. */
  static open(persistTo: string, clock: Clock = Date): KvService {
    return new KvService(new SqliteKvStorage(path.join(persistTo, "kv")), clock);
  }

  /** Workers Sites' read-only namespaces, each a bucket's files. */
  static sites(): KvService {
    return new KvService(new SiteFilesStorage(), Date);
  }

  namespace(id: string): KvNamespace {
    let namespace = this.#namespaces.get(id);
    if (namespace === undefined) {
      namespace = new KvNamespace(id, this.#storage, this.#clock);
      this.#namespaces.set(id, namespace);
    }
    return namespace;
  }

  /** Namespaces that hold at least one key. */
  namespaceIds(): string[] {
    return this.#storage.namespaces();
  }

  /** Serves one request from a worker's KV binding. */
  handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const id = request.headers[KV_NAMESPACE_HEADER];
    return serveKvRequest(this.namespace(typeof id === "string" ? id : ""), request, response);
  }

  close(): void {
    clearInterval(this.#purgeTimer);
    this.#storage.close();
  }
}
