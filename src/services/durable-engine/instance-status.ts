import { OutpostError } from "../../errors.js";

/**
 * Where a durable instance is in its life. The names are Cloudflare Workflows' status values.
 * - `queued`: created (or restarted, or resumed), waiting for a run slot;
 * - `running`: a run holds it, or held it when the engine stopped (it is replayed on start);
 * - `waiting`: suspended in a sleep, a retry delay or an event wait; it costs nothing until
 *   `wakeAt` or a matching event;
 * - `waitingForPause`: a pause was asked for while a run held it; it pauses when the run next
 *   reaches the engine;
 * - `paused`: held until resumed; its waits keep the time they had left;
 * - `complete`, `errored`, `terminated`: finished; only `restart` leaves them.
 */
export type InstanceStatus = "queued" | "running" | "waiting" | "waitingForPause" | "paused" | "complete" | "errored" | "terminated";

export const INSTANCE_STATUSES: readonly InstanceStatus[] = ["queued", "running", "waiting", "waitingForPause", "paused", "complete", "errored", "terminated"];

export const FINISHED_STATUSES: ReadonlySet<InstanceStatus> = new Set(["complete", "errored", "terminated"]);

/** Statuses a run may take steps in. */
export const LIVE_STATUSES: ReadonlySet<InstanceStatus> = new Set(["running", "waitingForPause"]);

const TRANSITIONS: Readonly<Record<InstanceStatus, readonly InstanceStatus[]>> = {
  queued: ["running", "paused", "terminated", "queued"],
  running: ["waiting", "waitingForPause", "paused", "complete", "errored", "terminated", "queued", "running"],
  waiting: ["queued", "running", "paused", "terminated", "waiting"],
  waitingForPause: ["paused", "running", "complete", "errored", "terminated", "waiting"],
  paused: ["queued", "waiting", "terminated"],
  complete: ["queued"],
  errored: ["queued"],
  terminated: ["queued"],
};

/** A lifecycle operation asked of an instance in a status that does not allow it. */
export class IllegalStateError extends OutpostError<"ERR_ILLEGAL_STATE"> {
  constructor(
    readonly from: InstanceStatus,
    readonly to: InstanceStatus,
  ) {
    super("ERR_ILLEGAL_STATE", `An instance cannot go from "${from}" to "${to}".`);
  }
}

export function canTransition(from: InstanceStatus, to: InstanceStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Throws {@link IllegalStateError} unless `from` may become `to`. */
export function assertTransition(from: InstanceStatus, to: InstanceStatus): void {
  if (!canTransition(from, to)) throw new IllegalStateError(from, to);
}
