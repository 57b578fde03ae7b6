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

/** A message handed to a pull consumer, and the lease that must settle it before the lease runs out. */
export interface PulledMessage extends StoredMessage {
  leaseId: string;
}

/** A pull consumer's verdict on a leased message. */
export type LeaseSettlement = { leaseId: string } & ({ kind: "ack" } | { kind: "retry"; delaySeconds: number });

/** How many unleased messages are ready, since when the oldest of them, and when the next delayed one becomes ready. */
export interface Readiness {
  ready: number;
  oldest: number | null;
  next: number | null;
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
DROP INDEX IF EXISTS queue_messages_ready;
CREATE INDEX IF NOT EXISTS queue_messages_unleased ON queue_messages (queue, visible_at, seq) WHERE leased = 0;
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
    addPullLeases(this.#db);
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
    this.#retry = this.#db.prepare("UPDATE queue_messages SET leased = 0, lease_id = NULL, visible_at = ? WHERE seq = ?");
    this.#bury = this.#db.prepare("UPDATE queue_messages SET queue = ?, leased = 0, lease_id = NULL, attempts = 0, visible_at = ? WHERE seq = ?");
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

  /**
   * Leases up to `maxBatches` batches of ready messages, oldest first, counting this delivery as an
   * attempt. A batch is due when `batchSize` messages are ready, or when fewer are and the oldest
   * has waited `maxWaitMs`. Resolves once the leases are durable, in the group commit that sends
   * and settlements of the same moment share.
   */
  leaseBatches(queue: string, options: { now: number; batchSize: number; maxBatches: number; maxWaitMs: number }): Promise<StoredMessage[][]> {
    const { now, batchSize, maxBatches, maxWaitMs } = options;
    return this.#commits.run(() => {
      const batches: StoredMessage[][] = [];
      while (batches.length < maxBatches) {
        const dueAt = batchDueAt(this.readiness(queue, now, batchSize), { now, batchSize, maxWaitMs });
        if (dueAt === null || dueAt > now) break;
        batches.push(this.#lease.all(queue, now, batchSize).sort((a, b) => a.seq - b.seq));
      }
      return batches;
    });
  }

  /**
   * How many unleased messages are ready (counted up to `atMost`), since when the oldest of them,
   * and when the next delayed one becomes ready.
   */
  readiness(queue: string, now: number, atMost: number): Readiness {
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

  /** Applies a delivery's outcome to each of its messages; resolves once that is durable. */
  settle(settlements: readonly Settlement[]): Promise<void> {
    return this.#commits.run(() => {
      for (const settlement of settlements) this.#settleOne(settlement);
    });
  }

  #settleOne(settlement: Settlement): void {
    if (settlement.kind === "ack") this.#delete.run(settlement.seq);
    else if (settlement.kind === "retry") this.#retry.run(settlement.visibleAt, settlement.seq);
    else if (settlement.deadLetterQueue === undefined) this.#delete.run(settlement.seq);
    else this.#bury.run(settlement.deadLetterQueue, settlement.now, settlement.seq);
  }

  /**
   * Leases up to `limit` ready messages to a pull consumer for `visibilityMs`: each becomes invisible
   * until then, so an unsettled one returns to the queue by itself, with the attempt counted. A
   * message already delivered `maxDeliveries` times goes to `deadLetterQueue` (or is dropped) instead.
   */
  pull(queue: string, options: { now: number; limit: number; visibilityMs: number; maxDeliveries: number; deadLetterQueue?: string }): PulledMessage[] {
    const { now, limit, visibilityMs, maxDeliveries, deadLetterQueue } = options;
    return this.#db.transaction(() => {
      const exhausted = this.#db
        .prepare<[string, number, number], { seq: number }>(
          "SELECT seq FROM queue_messages WHERE queue = ? AND leased = 0 AND visible_at <= ? AND attempts >= ?",
        )
        .all(queue, now, maxDeliveries);
      for (const { seq } of exhausted) this.#settleOne({ seq, kind: "dead", deadLetterQueue, now });
      return this.#db
        .prepare<[number, string, number, number], PulledMessage>(
          `UPDATE queue_messages SET attempts = attempts + 1, visible_at = ?, lease_id = lower(hex(randomblob(16))) WHERE seq IN (
             SELECT seq FROM queue_messages WHERE queue = ? AND leased = 0 AND visible_at <= ? ORDER BY visible_at, seq LIMIT ?
           ) RETURNING seq, id, format, body, timestamp, attempts, lease_id AS leaseId`,
        )
        .all(now + visibilityMs, queue, now, limit)
        .sort((a, b) => a.seq - b.seq);
    })();
  }

  /**
   * Acks or retries pulled messages whose leases are still held at `now`; a retry of a message out of
   * deliveries buries it as a delivery failure would. Answers the leases that were no longer held.
   */
  settleLeases(queue: string, settlements: readonly LeaseSettlement[], options: { now: number; maxDeliveries: number; deadLetterQueue?: string }): string[] {
    const { now, maxDeliveries, deadLetterQueue } = options;
    const held = this.#db.prepare<[string, string, number], { seq: number; attempts: number }>(
      "SELECT seq, attempts FROM queue_messages WHERE lease_id = ? AND queue = ? AND visible_at > ?",
    );
    return this.#db.transaction(() => {
      const lost: string[] = [];
      for (const settlement of settlements) {
        const message = held.get(settlement.leaseId, queue, now);
        if (message === undefined) lost.push(settlement.leaseId);
        else if (settlement.kind === "ack") this.#settleOne({ seq: message.seq, kind: "ack" });
        else if (message.attempts >= maxDeliveries) this.#settleOne({ seq: message.seq, kind: "dead", deadLetterQueue, now });
        else this.#settleOne({ seq: message.seq, kind: "retry", visibleAt: now + settlement.delaySeconds * 1000 });
      }
      return lost;
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

/**
 * When the next batch is due, given a queue's readiness: now when `batchSize` messages are ready,
 * when the oldest ready one will have waited `maxWaitMs` when fewer are, when the next delayed
 * one becomes ready when none is; null when the queue is empty.
 */
export function batchDueAt(readiness: Readiness, options: { now: number; batchSize: number; maxWaitMs: number }): number | null {
  const { ready, oldest, next } = readiness;
  if (ready === 0) return next;
  return ready >= options.batchSize ? options.now : oldest! + options.maxWaitMs;
}

/** Pull consumers' leases, in a column that stores written before pull consumers existed lack. */
function addPullLeases(db: SqliteDatabase): void {
  const columns = db.prepare<[], { name: string }>("PRAGMA table_info(queue_messages)").all();
  if (!columns.some((column) => column.name === "lease_id")) db.exec("ALTER TABLE queue_messages ADD COLUMN lease_id TEXT");
  db.exec("CREATE INDEX IF NOT EXISTS queue_messages_lease ON queue_messages (lease_id) WHERE lease_id IS NOT NULL");
}
