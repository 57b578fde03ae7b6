import { StatesErrors } from "../../errors.js";
import type { Json } from "../definition-types.js";
import type { BranchesRequest, BranchOutcome, TaskOutcome, TaskRequest } from "../step-decision.js";
import { describeResource } from "./history-events.js";

/** Appends one history event to the lane an executor is writing. */
export type EventSink = (type: string, detailsKey?: string, details?: Record<string, unknown>) => void;

/** Why an execution was ended from outside its states. */
export interface StopReason {
  status: "ABORTED" | "TIMED_OUT";
  error: string;
  cause: string;
}

/** How a whole execution ended, as DescribeExecution reports it. */
export interface ExecutionEnding {
  status: "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED";
  output?: Json;
  error?: string;
  cause?: string;
}

/** Records the execution's last event and answers how it ended. */
export function endExecution(event: EventSink, stop: StopReason | undefined, outcome: BranchOutcome): ExecutionEnding {
  if (stop?.status === "TIMED_OUT") {
    event("ExecutionTimedOut", "executionTimedOutEventDetails", { error: stop.error, cause: stop.cause });
    return { status: stop.status, error: stop.error, cause: stop.cause };
  }
  if (stop) {
    event("ExecutionAborted", "executionAbortedEventDetails", { error: stop.error || undefined, cause: stop.cause || undefined });
    return { status: stop.status, error: stop.error, cause: stop.cause };
  }
  if (outcome.ok) {
    event("ExecutionSucceeded", "executionSucceededEventDetails", { output: outcome.output });
    return { status: "SUCCEEDED", output: outcome.output };
  }
  event("ExecutionFailed", "executionFailedEventDetails", { error: outcome.error || undefined, cause: outcome.cause || undefined });
  return { status: "FAILED", error: outcome.error, cause: outcome.cause };
}

/** Records `TaskScheduled` and `TaskStarted`; answers a recorder for the task's end. */
export function startTaskEvents(event: EventSink, task: TaskRequest): (outcome: TaskOutcome) => void {
  const { resourceType, resource } = describeResource(task.resource);
  event("TaskScheduled", "taskScheduledEventDetails", {
    resourceType,
    resource,
    region: "local",
    parameters: task.input,
    timeoutInSeconds: task.timeoutSeconds,
    heartbeatInSeconds: task.heartbeatSeconds,
  });
  event("TaskStarted", "taskStartedEventDetails", { resourceType, resource });
  return (outcome) => {
    if (outcome.ok) {
      event("TaskSucceeded", "taskSucceededEventDetails", { resourceType, resource, output: outcome.result });
      return;
    }
    const timedOut = outcome.error === StatesErrors.Timeout || outcome.error === StatesErrors.HeartbeatTimeout;
    event(timedOut ? "TaskTimedOut" : "TaskFailed", timedOut ? "taskTimedOutEventDetails" : "taskFailedEventDetails", {
      resourceType,
      resource,
      error: outcome.error,
      cause: outcome.cause,
    });
  };
}

/** A branch cancelled, or never started, because another failed or its Parallel or Map state was aborted. */
export const ABORTED_BRANCH: BranchOutcome = { ok: false, aborted: true, error: "", cause: "" };

/**
 * Runs a Parallel's branches or a Map's iterations, at most `maxConcurrency` at once. Once more
 * than `toleratedFailures` failed, or `parent` aborts (the execution stopped, or the branch holding
 * this state was cancelled), the signal `run` gets aborts: running branches are to end aborted, and
 * no more start. `run` runs one, recording its events; branches never started are reported aborted.
 */
export async function runBranchPool(
  request: BranchesRequest,
  parent: AbortSignal,
  run: (index: number, cancel: AbortSignal) => Promise<BranchOutcome>,
): Promise<BranchOutcome[]> {
  const outcomes: BranchOutcome[] = new Array(request.branches.length);
  const cancel = new AbortController();
  const cancelAll = () => cancel.abort();
  if (parent.aborted) cancel.abort();
  else parent.addEventListener("abort", cancelAll, { once: true });
  let failures = 0;
  let nextIndex = 0;
  const worker = async () => {
    while (nextIndex < request.branches.length && !cancel.signal.aborted) {
      const index = nextIndex++;
      const outcome = await run(index, cancel.signal);
      outcomes[index] = outcome;
      if (!outcome.ok && !outcome.aborted && ++failures > request.toleratedFailures) cancel.abort();
    }
  };
  const width = request.maxConcurrency > 0 ? Math.min(request.maxConcurrency, request.branches.length) : request.branches.length;
  try {
    await Promise.all(Array.from({ length: width }, worker));
  } finally {
    parent.removeEventListener("abort", cancelAll);
  }
  for (let i = 0; i < outcomes.length; i++) outcomes[i] ??= ABORTED_BRANCH;
  return outcomes;
}

/** Records how a Map iteration ended. */
export function endMapIteration(event: EventSink, outcome: BranchOutcome, iteration: { name: string; index: number }): void {
  const type = outcome.ok ? "MapIterationSucceeded" : outcome.aborted ? "MapIterationAborted" : "MapIterationFailed";
  event(type, `${type[0]!.toLowerCase()}${type.slice(1)}EventDetails`, iteration);
}

/** The outcome of a (sub-)machine that ended in a Fail decision. */
export function failedBranch(d: { error: string; cause: string; terminal?: true }): BranchOutcome {
  return d.terminal ? { ok: false, error: d.error, cause: d.cause, terminal: true } : { ok: false, error: d.error, cause: d.cause };
}

/**
 * Thrown where a cancelled branch's state was in flight (a task, a wait, a retry's backoff, its
 * own branches): the executor records the state's `…StateAborted` event and ends the branch aborted.
 */
export class BranchCancelled extends Error {}
