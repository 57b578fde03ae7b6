import type { Json, JsonObject } from "./definition-types.js";
import type { StateMachine } from "./state-machine.js";

/** A Task the executor must run (then report with `resumeState`). */
export interface TaskRequest {
  resource: string;
  input: Json;
  /** Set for `.waitForTaskToken` resources: the executor waits for SendTaskSuccess/Failure. */
  taskToken?: string;
  timeoutSeconds?: number;
  heartbeatSeconds?: number;
  /** The context object the task was prepared with. */
  context: JsonObject;
}

/** One Parallel branch or Map iteration to run as a sub-machine. */
export interface BranchRun {
  machine: StateMachine;
  input: Json;
  mapItem?: { Index: number; Value: Json };
}

/** Branches the executor must run (then report with `resumeState`). */
export interface BranchesRequest {
  kind: "parallel" | "map";
  branches: BranchRun[];
  /** 0 = unlimited. */
  maxConcurrency: number;
  /** Failed branches tolerated before the state fails; the executor may stop early beyond it. */
  toleratedFailures: number;
}

/**
 * What a state decided. `next`/`end`/`fail`/`wait` finish the visit; `task`/`branches` ask the
 * executor for work and expect `resumeState` with its outcome; `retry` asks the executor to wait
 * `delayMs` and call `enterState` again with `retryCount`.
 */
export type StepDecision =
  | { type: "next"; next: string; output: Json; assigned?: JsonObject; caught?: StateFailure }
  | { type: "end"; output: Json; assigned?: JsonObject }
  | { type: "fail"; error: string; cause: string; terminal?: true }
  | { type: "wait"; until: number; next: string | null; output: Json; assigned?: JsonObject }
  | { type: "task"; task: TaskRequest }
  | { type: "branches"; branches: BranchesRequest }
  | { type: "retry"; delayMs: number; retryCount: number; error: string; cause: string };

/** A decision that finishes the visit, once the executor has run its work and waits. */
export type SettledDecision = Extract<StepDecision, { type: "next" | "end" | "fail" }>;

export interface StateFailure {
  error: string;
  cause: string;
}

/**
 * How a Parallel branch or Map iteration ended. A failed one is `aborted` when it was cancelled
 * (or never started) because another failed or its state was itself aborted; `terminal` when no
 * Retry or Catch may handle its error (see `TerminalFailure`).
 */
export type BranchOutcome = { ok: true; output: Json } | ({ ok: false; aborted?: true; terminal?: true } & StateFailure);

/** How a task ended: its result, or its error. */
export type TaskOutcome = { ok: true; result: Json } | ({ ok: false } & StateFailure);

/** What the executor reports back for a `task` or `branches` decision. */
export type StateOutcome = TaskOutcome | { branches: BranchOutcome[] };
