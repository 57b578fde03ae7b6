import { randomUUID } from "node:crypto";
import path from "node:path";
import type { Statement } from "better-sqlite3";
import { GroupCommit } from "../../storage/group-commit.js";
import { openSqlite, type SqliteDatabase } from "../../storage/sqlite.js";

/** How a message's body was serialized by the producer, as the binding names it. */
export type MessageFormat = "json" | "text" | "bytes" | "v8";

export interface NewMessage {
  format: MessageFormat;
  body: Uint8Array;
  /** Seconds before the message may be delivered. */
  delaySeconds: number;
}

export interface StoredMessage {
  seq: number;
  id: string;
  format: MessageFormat;
  body: Buffer;
  /** Milliseconds since the epoch when it was sent; kept across retries and into a dead letter queue. */
  timestamp: number;
  /** Deliveries so far, this one included. */
  attempts: number;
}

export interface QueueMetrics {
  backlogCount: number;
  backlogBytes: number;
  oldestMessageTimestamp: number;
}

/** What happens to a delivered message. */
export type Settlement = { seq: number } & ({ kind: "ack" } | { kind: "retry"; visibleAt: number } | { kind: "dead"; deadLetterQueue?: string; now: number });

const SCHEMA = `
CREATE TABLE IF NOT EXISTS queue_messages (
  seq INTEGER PRIMARY KEY,
  queue TEXT NOT NULL,
  id TEXT NOT NULL,
  format TEXT NOT NULL,
  body BLOB NOT NULL,
  timestamp INTEGER NOT NULL,
  visible_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  leased INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS queue_messages_ready ON queue_messages (queue, leased, visible_at, seq);
CREATE TABLE IF NOT EXISTS queues (
  name TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL
);
`;

/**
 * Every queue's messages in one SQLite file. A send is durable once its promise resolves. A
 * delivery leases its messages and counts the attempt durably before the consumer sees them, so a
 * crash mid-delivery redelivers them with `attempts` one higher; leases do not outlive the process.
 */
export class MessageStore {
  readonly #db: SqliteDatabase;
  readonly #commits: GroupCommit;
  readonly #insert: Statement<[string, string, string, Uint8Array, number, number]>;
  readonly #lease: Statement<[string, number, number], StoredMessage>;
  readonly #readyCount: Statement<[string, number, number], { ready: number }>;
  readonly #oldestReady: Statement<[string, number], { oldest: number | null }>;
  readonly #nextDelayed: Statement<[string, number], { next: number | null }>;
  readonly #metrics: Statement<[string], { count: number; bytes: number; oldest: number | null }>;
  readonly #delete: Statement<[number]>;
  readonly #retry: Statement<[number, number]>;
  readonly #bury: Statement<[string, number, number]>;

  /**
   * `releaseLeases: false` is for a store opened beside the running broker (the CLI): leases held
   * there belong to deliveries in flight, and releasing them would deliver those messages twice.
   */
  constructor(persistTo: string, options: { releaseLeases?: boolean } = {}) {
    this.#db = openSqlite(path.join(persistTo, "queues", "messages.sqlite"));
    this.#db.exec(SCHEMA);
    if (options.releaseLeases ?? true) this.#db.exec("UPDATE queue_messages SET leased = 0 WHERE leased = 1");
    this.#commits = new GroupCommit(this.#db);
    this.#insert = this.#db.prepare("INSERT INTO queue_messages (queue, id, format, body, timestamp, visible_at) VALUES (?, ?, ?, ?, ?, ?)");
    this.#lease = this.#db.prepare(
      `UPDATE queue_messages SET leased = 1, attempts = attempts + 1 WHERE seq IN (
         SELECT seq FROM queue_messages WHERE queue = ? AND leased = 0 AND visible_at <= ? ORDER BY visible_at, seq LIMIT ?
       ) RETURNING seq, id, format, body, timestamp, attempts`,
    );
    // Each answers from the (queue, leased, visible_at) index without scanning the backlog.
    this.#readyCount = this.#db.prepare(
      "SELECT count(*) AS ready FROM (SELECT 1 FROM queue_messages WHERE queue = ? AND leased = 0 AND visible_at <= ? LIMIT ?)",
    );
    this.#oldestReady = this.#db.prepare("SELECT min(visible_at) AS oldest FROM queue_messages WHERE queue = ? AND leased = 0 AND visible_at <= ?");
    this.#nextDelayed = this.#db.prepare("SELECT min(visible_at) AS next FROM queue_messages WHERE queue = ? AND leased = 0 AND visible_at > ?");
    this.#metrics = this.#db.prepare(
      "SELECT count(*) AS count, coalesce(sum(length(body)), 0) AS bytes, min(timestamp) AS oldest FROM queue_messages WHERE queue = ?",
    );
    this.#delete = this.#db.prepare("DELETE FROM queue_messages WHERE seq = ?");
    this.#retry = this.#db.prepare("UPDATE queue_messages SET leased = 0, visible_at = ? WHERE seq = ?");
    this.#bury = this.#db.prepare("UPDATE queue_messages SET queue = ?, leased = 0, attempts = 0, visible_at = ? WHERE seq = ?");
  }

  /** Stores messages on `queue`; resolves once they are durable. */
  send(queue: string, messages: readonly NewMessage[], now: number): Promise<void> {
    return this.#commits.run(() => {
      for (const message of messages) {
        const id = randomUUID().replaceAll("-", "");
        this.#insert.run(queue, id, message.format, message.body, now, now + message.delaySeconds * 1000);
      }
    });
  }

  /** Leases up to `limit` ready messages, oldest first, counting this delivery as an attempt. */
  lease(queue: string, now: number, limit: number): StoredMessage[] {
    return this.#db.transaction(() => this.#lease.all(queue, now, limit))().sort((a, b) => a.seq - b.seq);
  }

  /**
   * How many unleased messages are ready (counted up to `atMost`), since when the oldest of them,
   * and when the next delayed one becomes ready.
   */
  readiness(queue: string, now: number, atMost: number): { ready: number; oldest: number | null; next: number | null } {
    const { ready } = this.#readyCount.get(queue, now, atMost)!;
    return {
      ready,
      oldest: ready === 0 ? null : this.#oldestReady.get(queue, now)!.oldest,
      next: ready === 0 ? this.#nextDelayed.get(queue, now)!.next : null,
    };
  }

  metrics(queue: string): QueueMetrics {
    const { count, bytes, oldest } = this.#metrics.get(queue)!;
    return { backlogCount: count, backlogBytes: bytes, oldestMessageTimestamp: oldest ?? 0 };
  }

  /** Applies a delivery's outcome to each of its messages in one transaction. */
  settle(settlements: readonly Settlement[]): void {
    this.#db.transaction(() => {
      for (const settlement of settlements) {
        if (settlement.kind === "ack") this.#delete.run(settlement.seq);
        else if (settlement.kind === "retry") this.#retry.run(settlement.visibleAt, settlement.seq);
        else if (settlement.deadLetterQueue === undefined) this.#delete.run(settlement.seq);
        else this.#bury.run(settlement.deadLetterQueue, settlement.now, settlement.seq);
      }
    })();
  }

  /** Every queue that holds messages or was created explicitly, sorted. */
  queueNames(): string[] {
    const rows = this.#db
      .prepare<[], { queue: string }>("SELECT DISTINCT queue FROM queue_messages UNION SELECT name FROM queues ORDER BY 1")
      .all();
    return rows.map((row) => row.queue);
  }

  /** Whether `queue` was created explicitly, as `outpost queues create` does. */
  isRegistered(queue: string): boolean {
    return this.#db.prepare<[string]>("SELECT 1 FROM queues WHERE name = ?").get(queue) !== undefined;
  }

  /** Records `queue` as created; false when it already was. */
  register(queue: string, now: number): boolean {
    return this.#db.prepare<[string, number]>("INSERT OR IGNORE INTO queues (name, created_at) VALUES (?, ?)").run(queue, now).changes === 1;
  }

  /** Deletes every message of `queue`, leased ones included, and returns how many there were. */
  purge(queue: string): number {
    return this.#db.prepare<[string]>("DELETE FROM queue_messages WHERE queue = ?").run(queue).changes;
  }

  /** Purges `queue` and forgets that it was created; returns how many messages it held. */
  deleteQueue(queue: string): number {
    return this.#db.transaction(() => {
      this.#db.prepare<[string]>("DELETE FROM queues WHERE name = ?").run(queue);
      return this.purge(queue);
    })();
  }

  close(): void {
    this.#db.close();
  }
}
