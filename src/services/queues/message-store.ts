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
  readonly #readiness: Statement<[{ queue: string; now: number }], { ready: number; oldest: number | null; next: number | null }>;
  readonly #metrics: Statement<[string], { count: number; bytes: number; oldest: number | null }>;
  readonly #delete: Statement<[number]>;
  readonly #retry: Statement<[number, number]>;
  readonly #bury: Statement<[string, number, number]>;

  constructor(persistTo: string) {
    this.#db = openSqlite(path.join(persistTo, "queues", "messages.sqlite"));
    this.#db.exec(SCHEMA);
    this.#db.exec("UPDATE queue_messages SET leased = 0 WHERE leased = 1");
    this.#commits = new GroupCommit(this.#db);
    this.#insert = this.#db.prepare("INSERT INTO queue_messages (queue, id, format, body, timestamp, visible_at) VALUES (?, ?, ?, ?, ?, ?)");
    this.#lease = this.#db.prepare(
      `UPDATE queue_messages SET leased = 1, attempts = attempts + 1 WHERE seq IN (
         SELECT seq FROM queue_messages WHERE queue = ? AND leased = 0 AND visible_at <= ? ORDER BY visible_at, seq LIMIT ?
       ) RETURNING seq, id, format, body, timestamp, attempts`,
    );
    this.#readiness = this.#db.prepare(
      `SELECT count(*) FILTER (WHERE visible_at <= @now) AS ready,
              min(visible_at) FILTER (WHERE visible_at <= @now) AS oldest,
              min(visible_at) FILTER (WHERE visible_at > @now) AS next
       FROM queue_messages WHERE queue = @queue AND leased = 0`,
    );
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

  /** How many unleased messages are ready, since when the oldest of them, and when the next delayed one becomes ready. */
  readiness(queue: string, now: number): { ready: number; oldest: number | null; next: number | null } {
    return this.#readiness.get({ queue, now })!;
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

  close(): void {
    this.#db.close();
  }
}
