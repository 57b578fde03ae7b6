import type { InstanceKey, StepRecord, StoredError } from "./engine-store.js";

/** What a run of an instance is handed: everything to replay it from the top. */
export interface RunTicket extends InstanceKey {
  /** Identifies this run; the engine refuses the writes of any other run of the instance. */
  runId: string;
  generation: number;
  params: string;
  createdAt: number;
  /** The journal so far: completed steps return their stored result without running again. */
  journal: StepRecord[];
}

/**
 * How a run ended:
 * - `complete`/`errored`: the instance finished with `output` (encoded) or `error`;
 * - `suspended`: it waits, until `wakeAt` or an event of a `wakesOn` type;
 * - `aborted`: the engine refused a write, as the instance was paused, terminated or restarted.
 */
export type RunOutcome =
  | { outcome: "complete"; output: string }
  | { outcome: "errored"; error: StoredError }
  | { outcome: "suspended"; wakeAt: number | null; wakesOn: string[] }
  | { outcome: "aborted" };

/** Runs an instance's code; rejects when the run could not finish (the worker crashed, workerd restarted). */
export type Dispatch = (ticket: RunTicket) => Promise<RunOutcome>;
