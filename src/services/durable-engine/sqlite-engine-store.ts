import path from "node:path";
import type { Statement } from "better-sqlite3";
import { GroupCommit } from "../../storage/group-commit.js";
import { openSqlite, type SqliteDatabase } from "../../storage/sqlite.js";
import type { AttemptRecord, EngineStore, EventWait, InboxEvent, InstanceChange, InstanceKey, InstanceRecord, StepRecord, StepWrite } from "./engine-store.js";
import { LIVE_STATUSES, type InstanceStatus } from "./instance-status.js";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS instances (
  namespace TEXT NOT NULL, id TEXT NOT NULL, status TEXT NOT NULL, params TEXT NOT NULL,
  output TEXT, error TEXT, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
  generation INTEGER NOT NULL DEFAULT 1, wake_at INTEGER, wakes_on TEXT, paused_at INTEGER,
  PRIMARY KEY (namespace, id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS instances_by_status ON instances (status, wake_at);
CREATE TABLE IF NOT EXISTS steps (
  namespace TEXT NOT NULL, instance TEXT NOT NULL, key TEXT NOT NULL, name TEXT NOT NULL,
  type TEXT NOT NULL, count INTEGER NOT NULL, state TEXT NOT NULL, value TEXT, error TEXT,
  attempts INTEGER NOT NULL, deadline INTEGER, started_at INTEGER NOT NULL, finished_at INTEGER,
  PRIMARY KEY (namespace, instance, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS attempts (
  namespace TEXT NOT NULL, instance TEXT NOT NULL, key TEXT NOT NULL, attempt INTEGER NOT NULL,
  started_at INTEGER NOT NULL, duration_ms INTEGER NOT NULL, error TEXT, retry_delay_ms INTEGER,
  PRIMARY KEY (namespace, instance, key, attempt)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS events (
  seq INTEGER PRIMARY KEY, namespace TEXT NOT NULL, instance TEXT NOT NULL, type TEXT NOT NULL,
  payload TEXT NOT NULL, timestamp INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS events_by_instance ON events (namespace, instance, type, seq);
CREATE TABLE IF NOT EXISTS notices (seq INTEGER PRIMARY KEY, namespace TEXT NOT NULL, instance TEXT NOT NULL);
`;

interface InstanceRow {
  namespace: string;
  id: string;
  status: InstanceStatus;
  params: string;
  output: string | null;
  error: string | null;
  created_at: number;
  updated_at: number;
  generation: number;
  wake_at: number | null;
  wakes_on: string | null;
  paused_at: number | null;
}

interface StepRow {
  key: string;
  name: string;
  type: string;
  count: number;
  state: StepRecord["state"];
  value: string | null;
  error: string | null;
  attempts: number;
  deadline: number | null;
  started_at: number;
  finished_at: number | null;
}

/** Oldest notices the store keeps; the engine polls far more often than this many accumulate. */
const KEPT_NOTICES = 1_000;

/** An {@link EngineStore} in one SQLite file, `<persistTo>/<folder>/engine.sqlite`, with group commit. */
export class SqliteEngineStore implements EngineStore {
  readonly #db: SqliteDatabase;
  readonly #commits: GroupCommit;
  readonly #select: Statement<[string, string], InstanceRow>;
  readonly #insert: Statement<[string, string, string, number, number]>;
  readonly #journal: Statement<[string, string], StepRow>;
  readonly #step: Statement<[string, string, string], StepRow>;
  readonly #upsertStep: Statement<unknown[]>;
  readonly #insertAttempt: Statement<unknown[]>;
  readonly #update: Statement<unknown[]>;
  readonly #oldestEvent: Statement<[string, string, string], { seq: number; type: string; payload: string; timestamp: number }>;

  constructor(persistTo: string, folder: string) {
    this.#db = openSqlite(path.join(persistTo, folder, "engine.sqlite"));
    this.#db.exec(SCHEMA);
    this.#commits = new GroupCommit(this.#db);
    this.#select = this.#db.prepare("SELECT * FROM instances WHERE namespace = ? AND id = ?");
    this.#insert = this.#db.prepare(
      "INSERT INTO instances (namespace, id, status, params, created_at, updated_at) VALUES (?, ?, 'queued', ?, ?, ?) ON CONFLICT DO NOTHING",
    );
    this.#journal = this.#db.prepare("SELECT * FROM steps WHERE namespace = ? AND instance = ? ORDER BY started_at, type, count");
    this.#step = this.#db.prepare("SELECT * FROM steps WHERE namespace = ? AND instance = ? AND key = ?");
    this.#upsertStep = this.#db.prepare(`INSERT INTO steps (namespace, instance, key, name, type, count, state, value, error, attempts, deadline, started_at, finished_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT DO UPDATE SET state = excluded.state, value = excluded.value, error = excluded.error,
        attempts = excluded.attempts, deadline = excluded.deadline, finished_at = excluded.finished_at`);
    this.#insertAttempt = this.#db.prepare("INSERT OR REPLACE INTO attempts VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    this.#update = this.#db.prepare(`UPDATE instances SET status = ?, output = ?, error = ?, updated_at = ?, generation = ?, wake_at = ?,
      wakes_on = ?, paused_at = ? WHERE namespace = ? AND id = ?`);
    this.#oldestEvent = this.#db.prepare("SELECT seq, type, payload, timestamp FROM events WHERE namespace = ? AND instance = ? AND type = ? ORDER BY seq LIMIT 1");
  }

  create(namespace: string, entries: readonly { id: string; params: string }[], now: number): Promise<boolean[]> {
    return this.#commits.run(() => entries.map(({ id, params }) => this.#insert.run(namespace, id, params, now, now).changes === 1));
  }

  instance(key: InstanceKey): InstanceRecord | undefined {
    const row = this.#select.get(key.namespace, key.id);
    return row && instanceOf(row);
  }

  list(namespace: string, options: { status?: InstanceStatus; limit?: number } = {}): InstanceRecord[] {
    const where = options.status === undefined ? "" : " AND status = @status";
    return this.#db
      .prepare<{ namespace: string; status?: string; limit: number }, InstanceRow>(
        `SELECT * FROM instances WHERE namespace = @namespace${where} ORDER BY created_at DESC, id LIMIT @limit`,
      )
      .all({ namespace, ...(options.status !== undefined && { status: options.status }), limit: options.limit ?? -1 })
      .map(instanceOf);
  }

  namespaces(): { namespace: string; counts: Partial<Record<InstanceStatus, number>> }[] {
    const rows = this.#db
      .prepare<[], { namespace: string; status: InstanceStatus; n: number }>("SELECT namespace, status, COUNT(*) AS n FROM instances GROUP BY namespace, status ORDER BY namespace")
      .all();
    const out = new Map<string, Partial<Record<InstanceStatus, number>>>();
    for (const row of rows) (out.get(row.namespace) ?? out.set(row.namespace, {}).get(row.namespace)!)[row.status] = row.n;
    return [...out].map(([namespace, counts]) => ({ namespace, counts }));
  }

  runnable(now: number): InstanceKey[] {
    return this.#db
      .prepare<[number], InstanceKey>(
        `SELECT namespace, id FROM instances WHERE status IN ('queued', 'running', 'waitingForPause')
         OR (status = 'waiting' AND wake_at <= ?) ORDER BY updated_at`,
      )
      .all(now);
  }

  nextWake(): number | undefined {
    return this.#db.prepare<[], { at: number | null }>("SELECT MIN(wake_at) AS at FROM instances WHERE status = 'waiting'").get()?.at ?? undefined;
  }

  journal(key: InstanceKey): StepRecord[] {
    return this.#journal.all(key.namespace, key.id).map(stepOf);
  }

  attempts(key: InstanceKey): AttemptRecord[] {
    return this.#db
      .prepare<[string, string], { key: string; attempt: number; started_at: number; duration_ms: number; error: string | null; retry_delay_ms: number | null }>(
        "SELECT * FROM attempts WHERE namespace = ? AND instance = ? ORDER BY started_at, attempt",
      )
      .all(key.namespace, key.id)
      .map((row) => ({
        key: row.key,
        attempt: row.attempt,
        startedAt: row.started_at,
        durationMs: row.duration_ms,
        error: row.error === null ? null : JSON.parse(row.error),
        retryDelayMs: row.retry_delay_ms,
      }));
  }

  update(key: InstanceKey, change: (record: InstanceRecord) => InstanceChange | undefined, now: number): Promise<InstanceRecord | undefined> {
    return this.#commits.run(() => {
      const current = this.instance(key);
      if (current === undefined) return undefined;
      const fields = change(current);
      if (fields === undefined) return current;
      const { shiftDeadlines, ...set } = fields;
      if (shiftDeadlines !== undefined) {
        this.#db
          .prepare("UPDATE steps SET deadline = deadline + ? WHERE namespace = ? AND instance = ? AND state = 'pending' AND deadline > ?")
          .run(shiftDeadlines.by, key.namespace, key.id, shiftDeadlines.after);
      }
      const next = { ...current, ...set, updatedAt: now };
      this.#update.run(next.status, next.output, next.error && JSON.stringify(next.error), now, next.generation, next.wakeAt, JSON.stringify(next.wakesOn), next.pausedAt, key.namespace, key.id);
      return next;
    });
  }

  hasEvent(key: InstanceKey, types: readonly string[]): boolean {
    return types.some((type) => this.#oldestEvent.get(key.namespace, key.id, type) !== undefined);
  }

  writeStep(key: InstanceKey, write: StepWrite): Promise<InstanceRecord | undefined> {
    return this.#commits.run(() => {
      const current = this.instance(key);
      if (current === undefined || current.generation !== write.generation || !LIVE_STATUSES.has(current.status)) return undefined;
      this.#putStep(key, write.step);
      if (write.attempt !== undefined) {
        const { attempt } = write;
        const error = attempt.error && JSON.stringify(attempt.error);
        this.#insertAttempt.run(key.namespace, key.id, attempt.key, attempt.attempt, attempt.startedAt, attempt.durationMs, error, attempt.retryDelayMs ?? null);
      }
      return current;
    });
  }

  waitForEvent(
    key: InstanceKey,
    generation: number,
    step: { key: string; name: string; count: number; type: string; timeoutMs: number },
    now: number,
  ): Promise<EventWait | undefined> {
    return this.#commits.run((): EventWait | undefined => {
      const current = this.instance(key);
      if (current === undefined || current.generation !== generation || !LIVE_STATUSES.has(current.status)) return undefined;
      const row = this.#step.get(key.namespace, key.id, step.key);
      const deadline = row?.deadline ?? now + step.timeoutMs;
      const base = { key: step.key, name: step.name, type: "waitForEvent", count: step.count, attempts: 1, deadline, startedAt: row?.started_at ?? now };
      const found = this.#oldestEvent.get(key.namespace, key.id, step.type);
      if (found !== undefined) {
        // Taken and recorded in one transaction: a crash keeps the event either unread or in the journal.
        this.#db.prepare("DELETE FROM events WHERE seq = ?").run(found.seq);
        const event = { type: found.type, payload: found.payload, timestamp: found.timestamp };
        this.#putStep(key, { ...base, state: "done", value: JSON.stringify(event), error: null, finishedAt: now });
        return { kind: "event", event };
      }
      if (deadline <= now) {
        const error = { name: "WorkflowTimeoutError", message: `Execution timed out after ${step.timeoutMs}ms` };
        this.#putStep(key, { ...base, state: "failed", value: null, error, finishedAt: now });
        return { kind: "timeout", error };
      }
      if (row === undefined) this.#putStep(key, { ...base, state: "pending", value: null, error: null, finishedAt: null });
      return { kind: "wait", deadline };
    });
  }

  sendEvent(key: InstanceKey, event: InboxEvent): Promise<void> {
    return this.#commits.run(() => {
      this.#db.prepare("INSERT INTO events (namespace, instance, type, payload, timestamp) VALUES (?, ?, ?, ?, ?)").run(key.namespace, key.id, event.type, event.payload, event.timestamp);
    });
  }

  restart(key: InstanceKey, now: number): Promise<InstanceRecord> {
    return this.#commits.run(() => {
      for (const table of ["steps", "attempts", "events"]) this.#db.prepare(`DELETE FROM ${table} WHERE namespace = ? AND instance = ?`).run(key.namespace, key.id);
      this.#db
        .prepare(`UPDATE instances SET status = 'queued', output = NULL, error = NULL, updated_at = ?, generation = generation + 1,
          wake_at = NULL, wakes_on = NULL, paused_at = NULL WHERE namespace = ? AND id = ?`)
        .run(now, key.namespace, key.id);
      return this.instance(key)!;
    });
  }

  notify(key: InstanceKey): void {
    const { lastInsertRowid } = this.#db.prepare("INSERT INTO notices (namespace, instance) VALUES (?, ?)").run(key.namespace, key.id);
    this.#db.prepare("DELETE FROM notices WHERE seq <= ?").run(Number(lastInsertRowid) - KEPT_NOTICES);
  }

  notices(afterSeq: number): { seq: number; keys: InstanceKey[] } {
    const rows = this.#db.prepare<[number], { seq: number; namespace: string; instance: string }>("SELECT * FROM notices WHERE seq > ? ORDER BY seq").all(afterSeq);
    return { seq: rows.at(-1)?.seq ?? afterSeq, keys: rows.map((row) => ({ namespace: row.namespace, id: row.instance })) };
  }

  close(): void {
    this.#db.close();
  }

  #putStep(key: InstanceKey, step: StepWrite["step"]): void {
    this.#upsertStep.run(
      key.namespace, key.id, step.key, step.name, step.type, step.count, step.state, step.value,
      step.error && JSON.stringify(step.error), step.attempts, step.deadline, step.startedAt, step.finishedAt ?? null,
    );
  }
}

function instanceOf(row: InstanceRow): InstanceRecord {
  return {
    namespace: row.namespace,
    id: row.id,
    status: row.status,
    params: row.params,
    output: row.output,
    error: row.error === null ? null : JSON.parse(row.error),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    generation: row.generation,
    wakeAt: row.wake_at,
    wakesOn: row.wakes_on === null ? [] : JSON.parse(row.wakes_on),
    pausedAt: row.paused_at,
  };
}

function stepOf(row: StepRow): StepRecord {
  return {
    key: row.key,
    name: row.name,
    type: row.type,
    count: row.count,
    state: row.state,
    value: row.value,
    error: row.error === null ? null : JSON.parse(row.error),
    attempts: row.attempts,
    deadline: row.deadline,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}
