import type { InstanceStatus } from "./instance-status.js";

/** An error as instances and steps keep it: its name and message, never a stack. */
export interface StoredError {
  name: string;
  message: string;
}

export interface InstanceKey {
  /** The definition the instance runs: a Workflow's name, a state machine's name. */
  namespace: string;
  id: string;
}

export interface InstanceRecord extends InstanceKey {
  status: InstanceStatus;
  /** The input, encoded by the service that owns the namespace. */
  params: string;
  output: string | null;
  error: StoredError | null;
  /** Milliseconds since the epoch, by the engine's clock. */
  createdAt: number;
  updatedAt: number;
  /** Bumped by each restart; a run of an older generation may no longer write. */
  generation: number;
  /** When a `waiting` instance runs again. */
  wakeAt: number | null;
  /** Event types that wake a `waiting` instance early. */
  wakesOn: string[];
  /** When a `paused` instance was paused, to move its waits on by the time it spent paused. */
  pausedAt: number | null;
}

export type StepState = "pending" | "done" | "failed";

/** One entry of an instance's journal: a step, identified by `key`, and how far it got. */
export interface StepRecord {
  key: string;
  name: string;
  type: string;
  /** The how-many-th step of this name and type. */
  count: number;
  state: StepState;
  value: string | null;
  error: StoredError | null;
  /** Attempts made so far. */
  attempts: number;
  /** When a waiting step (a sleep, an event wait, a retry delay) ends. */
  deadline: number | null;
  startedAt: number;
  finishedAt: number | null;
}

/** One attempt of a step, for the timeline. */
export interface AttemptRecord {
  key: string;
  attempt: number;
  startedAt: number;
  durationMs: number;
  error: StoredError | null;
  /** How long the step waits before its next attempt, when this one failed and it will retry. */
  retryDelayMs: number | null;
}

export interface InboxEvent {
  type: string;
  payload: string;
  timestamp: number;
}

/** Fields to set on an instance; `shiftDeadlines` moves its pending waits that end after `after` on by `by` ms. */
export type InstanceChange = Partial<InstanceRecord> & { shiftDeadlines?: { after: number; by: number } };

/** A write into a step of a run of generation `generation`. */
export interface StepWrite {
  generation: number;
  step: Omit<StepRecord, "finishedAt"> & { finishedAt?: number | null };
  /** The attempt that produced this state, logged in the timeline. */
  attempt?: AttemptRecord;
}

/** What waiting for an event found. */
export type EventWait = { kind: "event"; event: InboxEvent } | { kind: "timeout"; error: StoredError } | { kind: "wait"; deadline: number };

/**
 * Where a durable engine keeps its instances, their journals and their inboxes. Reads are
 * synchronous; every write resolves only once it is durable. SQLite implements it today
 * (`SqliteEngineStore`); a Postgres backend implements the same contract.
 */
export interface EngineStore {
  /** Creates each instance unless its id exists; answers, per entry, whether it was created. */
  create(namespace: string, entries: readonly { id: string; params: string }[], now: number): Promise<boolean[]>;
  instance(key: InstanceKey): InstanceRecord | undefined;
  list(namespace: string, options?: { status?: InstanceStatus; limit?: number }): InstanceRecord[];
  /** Each namespace with instances, and how many it has per status. */
  namespaces(): { namespace: string; counts: Partial<Record<InstanceStatus, number>> }[];
  /** Instances a run should pick up at `now`: queued, running (after a stop) and waiting ones whose time has come. */
  runnable(now: number): InstanceKey[];
  /** The earliest `wakeAt` of a waiting instance. */
  nextWake(): number | undefined;
  journal(key: InstanceKey): StepRecord[];
  attempts(key: InstanceKey): AttemptRecord[];
  /**
   * Applies `change` to the instance in one durable transaction. `change` sees the current record
   * and answers the fields to set, or `undefined` to leave it. Answers the record afterwards.
   */
  update(key: InstanceKey, change: (record: InstanceRecord) => InstanceChange | undefined, now: number): Promise<InstanceRecord | undefined>;
  /** Whether an unread event of one of `types` waits for the instance. */
  hasEvent(key: InstanceKey, types: readonly string[]): boolean;
  /** Writes a step unless the instance moved past `generation` or stopped being live; answers the instance then. */
  writeStep(key: InstanceKey, write: StepWrite): Promise<InstanceRecord | undefined>;
  /** Takes the oldest unread event of `type` for the step, or records its deadline, or its timeout. */
  waitForEvent(key: InstanceKey, generation: number, step: { key: string; name: string; count: number; type: string; timeoutMs: number }, now: number): Promise<EventWait | undefined>;
  sendEvent(key: InstanceKey, event: InboxEvent): Promise<void>;
  /** Clears the journal and inbox and queues the instance anew under the next generation. */
  restart(key: InstanceKey, now: number): Promise<InstanceRecord>;
  /** Records that another process changed `key`, for the running engine to pick up. */
  notify(key: InstanceKey): void;
  /** Changes other processes recorded after `seq`, and the newest seq. */
  notices(afterSeq: number): { seq: number; keys: InstanceKey[] };
  close(): void;
}
