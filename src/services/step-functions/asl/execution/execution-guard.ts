import { StatesErrors } from "../../errors.js";
import type { Clock } from "./clock.js";
import { BranchCancelled, type StopReason } from "./execution-events.js";

/** Thrown through a run once its execution was stopped or timed out; the executor ends it. */
export class ExecutionStopped extends Error {}

/** The lane of a branch: its `cancel` aborts when the branch is cancelled or the execution stops. */
interface CancellableLane {
  cancel?: AbortSignal;
}

/**
 * What ends an execution from outside its states, a stop or its deadline, and the checks and
 * sleeps of its lanes that honour them: EXPRESS and STANDARD executions share it.
 */
export class ExecutionGuard {
  readonly #clock: Clock;
  readonly #deadline: { at: number; cause: string };
  readonly #stop = new AbortController();
  #reason: StopReason | undefined;

  constructor(clock: Clock, deadline: { at: number; cause: string }) {
    this.#clock = clock;
    this.#deadline = deadline;
  }

  /** Why the execution was ended from outside, once it was. */
  get reason(): StopReason | undefined {
    return this.#reason;
  }

  /** Ends the execution ABORTED (StopExecution); a second stop changes nothing. */
  stop(error = "", cause = ""): void {
    if (this.#reason) return;
    this.#reason = { status: "ABORTED", error, cause };
    this.#stop.abort();
  }

  /** Throws `ExecutionStopped` once the execution was stopped or passed its deadline. */
  checkRunning(): void {
    if (this.#reason) throw new ExecutionStopped();
    if (this.#clock.now() >= this.#deadline.at) {
      this.#reason = { status: "TIMED_OUT", error: StatesErrors.Timeout, cause: this.#deadline.cause };
      this.#stop.abort();
      throw new ExecutionStopped();
    }
  }

  /** What aborts the lane's waits and tasks: its branch's cancellation, or the execution's stop. */
  signalOf(lane: CancellableLane): AbortSignal {
    return lane.cancel ?? this.#stop.signal;
  }

  /** Ends the run when the execution stopped or timed out, and the lane's state when its branch was cancelled. */
  checkLane(lane: CancellableLane): void {
    this.checkRunning();
    if (lane.cancel?.aborted) throw new BranchCancelled();
  }

  /** Sleeps until `until`, cut short by a stop, the deadline or the branch's cancellation. */
  async sleepUntil(until: number, lane: CancellableLane): Promise<void> {
    const ms = Math.min(until, this.#deadline.at) - this.#clock.now();
    if (ms > 0) await this.#clock.sleep(ms, this.signalOf(lane));
    this.checkLane(lane);
  }
}
