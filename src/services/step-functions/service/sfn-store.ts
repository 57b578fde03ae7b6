import path from "node:path";
import { GroupCommit } from "../../../storage/group-commit.js";
import { openSqlite, type SqliteDatabase } from "../../../storage/sqlite.js";

export type MachineType = "STANDARD" | "EXPRESS";
export type ExecutionStatus = "RUNNING" | "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED";

export interface MachineRecord {
  arn: string;
  name: string;
  type: MachineType;
  /** The definition's text, as given. */
  definition: string;
  roleArn: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
  updatedAt: number;
}

export interface ExecutionRecord {
  arn: string;
  machineArn: string;
  name: string;
  status: ExecutionStatus;
  /** JSON text. */
  input: string;
  output: string | null;
  error: string | null;
  cause: string | null;
  startDate: number;
  stopDate: number | null;
  /** The definition the execution runs, fixed at its start. */
  definition: string;
  roleArn: string;
}

/** How an execution ended, as its record keeps it. */
type Finish = Pick<ExecutionRecord, "status" | "output" | "error" | "cause" | "stopDate">;

/** Where a running lane (the execution, a Parallel branch or a Map iteration) had got to. */
export type LaneCheckpoint = Record<string, unknown>;

/** A request the CLI leaves for the running `outpost dev`: start an execution it inserted, or stop one. */
export interface StoreRequest {
  seq: number;
  kind: "start" | "stop";
  arn: string;
  error: string | null;
  cause: string | null;
}

/**
 * Where Step Functions keeps state machines, executions, their history and the checkpoints that
 * let a STANDARD execution resume after a crash. Reads are synchronous. Journal writes
 * (`appendEvents`, `checkpoint`, `finish`) are buffered and committed together at the next turn
 * of the event loop; `flush()` resolves once everything written before it is durable.
 */
export interface SfnStore {
  machines(): MachineRecord[];
  machine(arn: string): MachineRecord | undefined;
  putMachine(record: MachineRecord): Promise<void>;
  deleteMachine(arn: string): Promise<void>;
  /** Inserts a new execution; false when its ARN exists. */
  createExecution(record: ExecutionRecord): Promise<boolean>;
  execution(arn: string): ExecutionRecord | undefined;
  executions(machineArn: string, status?: ExecutionStatus): ExecutionRecord[];
  running(): ExecutionRecord[];
  /** History events as stored (JSON values, timestamps as text), in order. */
  events(arn: string): Record<string, unknown>[];
  checkpoints(arn: string): Map<string, LaneCheckpoint>;
  /** `event` renders the event's JSON text when the journal commits. */
  appendEvent(arn: string, id: number, event: () => string): void;
  /** `null` removes the lane's checkpoint; `value` is serialized when the journal commits, so it must not change meanwhile. */
  checkpoint(arn: string, lane: string, value: LaneCheckpoint | null): void;
  finish(arn: string, end: Finish): void;
  flush(): Promise<void>;
  /** Leaves a request for the process running executions; answers its `seq`. */
  request(request: Omit<StoreRequest, "seq">): Promise<number>;
  /** Takes every request left, in order: no other process sees them after. */
  takeRequests(): Promise<StoreRequest[]>;
  /**
   * Ends a RUNNING execution that no process runs, appending the events (JSON texts) `events`
   * renders after the last one, in one commit. With `request`, only if that request is still
   * untaken, and taking it. False when the execution had ended, or another process took the
   * request (and so runs the execution).
   */
  endUnrun(arn: string, end: Finish, events: (lastEventId: number) => string[], request?: number): Promise<boolean>;
  close(): void;
}

/** Folder of Step Functions' data under `--persist-to`. */
export const STEP_FUNCTIONS_FOLDER = "step-functions";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS machines (arn TEXT PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL, definition TEXT NOT NULL,
  role_arn TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS executions (arn TEXT PRIMARY KEY, machine_arn TEXT NOT NULL, name TEXT NOT NULL, status TEXT NOT NULL,
  input TEXT NOT NULL, output TEXT, error TEXT, cause TEXT, start_date INTEGER NOT NULL, stop_date INTEGER, definition TEXT NOT NULL,
  role_arn TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS executions_by_machine ON executions (machine_arn, start_date);
CREATE INDEX IF NOT EXISTS executions_by_status ON executions (status);
CREATE TABLE IF NOT EXISTS events (execution_arn TEXT NOT NULL, id INTEGER NOT NULL, events TEXT NOT NULL, PRIMARY KEY (execution_arn, id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS lanes (execution_arn TEXT NOT NULL, lane TEXT NOT NULL, checkpoint TEXT NOT NULL, PRIMARY KEY (execution_arn, lane)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS requests (seq INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, arn TEXT NOT NULL, error TEXT, cause TEXT);
`;

/** Columns as the records name them. */
const MACHINE_COLUMNS = "arn, name, type, definition, role_arn AS roleArn, created_at AS createdAt, updated_at AS updatedAt";
const EXECUTION_COLUMNS =
  "arn, machine_arn AS machineArn, name, status, input, output, error, cause, start_date AS startDate, stop_date AS stopDate, definition, role_arn AS roleArn";


export class SqliteSfnStore implements SfnStore {
  readonly #db: SqliteDatabase;
  readonly #commits: GroupCommit;
  #events: [string, number, () => string][] = [];
  #lanes = new Map<string, [string, string, LaneCheckpoint | null]>();
  #finished = new Map<string, Finish>();
  #commit: Promise<void> | undefined;
  readonly #sql;

  constructor(persistTo: string) {
    this.#db = openSqlite(path.join(persistTo, STEP_FUNCTIONS_FOLDER, "step-functions.sqlite"));
    this.#db.exec(SCHEMA);
    this.#commits = new GroupCommit(this.#db);
    const db = this.#db;
    this.#sql = {
      events: db.prepare("INSERT OR REPLACE INTO events (execution_arn, id, events) VALUES (?, ?, ?)"),
      lane: db.prepare("INSERT OR REPLACE INTO lanes (execution_arn, lane, checkpoint) VALUES (?, ?, ?)"),
      dropLane: db.prepare("DELETE FROM lanes WHERE execution_arn = ? AND lane = ?"),
      dropLanes: db.prepare("DELETE FROM lanes WHERE execution_arn = ?"),
      // An execution ends once: a runner's late end never overwrites a stop recorded by another process.
      finish: db.prepare(
        "UPDATE executions SET status = @status, output = @output, error = @error, cause = @cause, stop_date = @stopDate WHERE arn = @arn AND status = 'RUNNING'",
      ),
      anyRequest: db.prepare("SELECT 1 FROM requests LIMIT 1"),
      takeRequest: db.prepare("DELETE FROM requests WHERE seq = ?"),
      lastEvents: db.prepare("SELECT events FROM events WHERE execution_arn = ? ORDER BY id DESC LIMIT 1").pluck(),
    };
  }

  machines(): MachineRecord[] {
    return this.#db.prepare(`SELECT ${MACHINE_COLUMNS} FROM machines ORDER BY created_at, name`).all() as MachineRecord[];
  }

  machine(arn: string): MachineRecord | undefined {
    return this.#db.prepare(`SELECT ${MACHINE_COLUMNS} FROM machines WHERE arn = ?`).get(arn) as MachineRecord | undefined;
  }

  putMachine(r: MachineRecord): Promise<void> {
    return this.#commits.run(() => {
      this.#db
        .prepare("INSERT OR REPLACE INTO machines (arn, name, type, definition, role_arn, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .run(r.arn, r.name, r.type, r.definition, r.roleArn, r.createdAt, r.updatedAt);
    });
  }

  deleteMachine(arn: string): Promise<void> {
    return this.#commits.run(() => void this.#db.prepare("DELETE FROM machines WHERE arn = ?").run(arn));
  }

  createExecution(r: ExecutionRecord): Promise<boolean> {
    return this.#commits.run(
      () =>
        this.#db
          .prepare(
            `INSERT OR IGNORE INTO executions (arn, machine_arn, name, status, input, output, error, cause, start_date, stop_date, definition, role_arn)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(r.arn, r.machineArn, r.name, r.status, r.input, r.output, r.error, r.cause, r.startDate, r.stopDate, r.definition, r.roleArn).changes === 1,
    );
  }

  execution(arn: string): ExecutionRecord | undefined {
    return this.#db.prepare(`SELECT ${EXECUTION_COLUMNS} FROM executions WHERE arn = ?`).get(arn) as ExecutionRecord | undefined;
  }

  executions(machineArn: string, status?: ExecutionStatus): ExecutionRecord[] {
    const select = `SELECT ${EXECUTION_COLUMNS} FROM executions WHERE machine_arn = ?`;
    const order = "ORDER BY start_date DESC, rowid DESC";
    const rows =
      status === undefined
        ? this.#db.prepare(`${select} ${order}`).all(machineArn)
        : this.#db.prepare(`${select} AND status = ? ${order}`).all(machineArn, status);
    return rows as ExecutionRecord[];
  }

  running(): ExecutionRecord[] {
    return this.#db.prepare(`SELECT ${EXECUTION_COLUMNS} FROM executions WHERE status = 'RUNNING' ORDER BY start_date`).all() as ExecutionRecord[];
  }

  events(arn: string): Record<string, unknown>[] {
    const rows = this.#db.prepare("SELECT events FROM events WHERE execution_arn = ? ORDER BY id").pluck().all(arn) as string[];
    return rows.flatMap((row) => JSON.parse(row) as Record<string, unknown>[]);
  }

  checkpoints(arn: string): Map<string, LaneCheckpoint> {
    const rows = this.#db.prepare("SELECT lane, checkpoint FROM lanes WHERE execution_arn = ?").all(arn) as { lane: string; checkpoint: string }[];
    return new Map(rows.map((row) => [row.lane, JSON.parse(row.checkpoint) as LaneCheckpoint]));
  }

  appendEvent(arn: string, id: number, event: () => string): void {
    this.#events.push([arn, id, event]);
    this.#schedule();
  }

  checkpoint(arn: string, lane: string, value: LaneCheckpoint | null): void {
    this.#lanes.set(`${arn}\n${lane}`, [arn, lane, value]);
    this.#schedule();
  }

  finish(arn: string, end: Finish): void {
    this.#finished.set(arn, end);
    this.#schedule();
  }

  flush(): Promise<void> {
    return this.#commit ?? Promise.resolve();
  }

  request(r: Omit<StoreRequest, "seq">): Promise<number> {
    return this.#commits.run(() => Number(this.#db.prepare("INSERT INTO requests (kind, arn, error, cause) VALUES (?, ?, ?, ?)").run(r.kind, r.arn, r.error, r.cause).lastInsertRowid));
  }

  takeRequests(): Promise<StoreRequest[]> {
    if (this.#sql.anyRequest.get() === undefined) return Promise.resolve([]);
    // A single DELETE … RETURNING takes the write lock at once, so two processes never take the same request.
    return this.#commits.run(() => (this.#db.prepare("DELETE FROM requests RETURNING *").all() as StoreRequest[]).sort((a, b) => a.seq - b.seq));
  }

  endUnrun(arn: string, end: Finish, events: (lastEventId: number) => string[], request?: number): Promise<boolean> {
    return this.#commits.run(() => {
      if (request !== undefined && this.#sql.takeRequest.run(request).changes === 0) return false;
      if (this.#sql.finish.run({ arn, ...end }).changes === 0) return false;
      const last = this.#sql.lastEvents.get(arn) as string | undefined;
      const lastEventId = last === undefined ? 0 : ((JSON.parse(last) as { id: number }[]).at(-1)?.id ?? 0);
      this.#sql.events.run(arn, lastEventId + 1, `[${events(lastEventId).join(",")}]`);
      this.#sql.dropLanes.run(arn);
      return true;
    });
  }

  close(): void {
    this.#db.close();
  }

  /** One commit carries every journal write buffered until it runs. */
  #schedule(): void {
    if (this.#commit !== undefined) return;
    this.#commit = this.#commits.run(() => this.#drain());
  }

  #drain(): void {
    this.#commit = undefined;
    const events = this.#events;
    const lanes = this.#lanes;
    const finished = this.#finished;
    this.#events = [];
    this.#lanes = new Map();
    this.#finished = new Map();
    // One row per execution per commit: the events it wrote since the last, as a JSON array.
    const byExecution = new Map<string, { first: number; texts: string[] }>();
    for (const [arn, id, event] of events) {
      const group = byExecution.get(arn);
      if (group) group.texts.push(event());
      else byExecution.set(arn, { first: id, texts: [event()] });
    }
    for (const [arn, { first, texts }] of byExecution) this.#sql.events.run(arn, first, `[${texts.join(",")}]`);
    for (const [arn, lane, value] of lanes.values()) {
      if (finished.has(arn)) continue;
      if (value === null) this.#sql.dropLane.run(arn, lane);
      else this.#sql.lane.run(arn, lane, JSON.stringify(value));
    }
    for (const [arn, end] of finished) {
      this.#sql.finish.run({ arn, ...end });
      this.#sql.dropLanes.run(arn);
    }
  }
}
