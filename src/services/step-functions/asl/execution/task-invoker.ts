import type { Json, JsonObject } from "../definition-types.js";

/** What a Task's executor passes to the code that runs the resource. */
export interface TaskInvocationOptions {
  /** Set for `.waitForTaskToken` resources. */
  taskToken?: string;
  timeoutSeconds?: number;
  heartbeatSeconds?: number;
  /** The context object (`$$`) of the Task state. */
  context: JsonObject;
  /** Call to report progress; resets the `HeartbeatSeconds` timer. */
  heartbeat(): void;
  /** Aborted when the task timed out or the execution stopped. */
  signal: AbortSignal;
}

/**
 * Runs a Task's resource. Resolves with the task result; rejects with a `TaskError` (or any
 * object with string `error` and `cause`) to report an ASL error, or with any other error,
 * reported as its `name` and `message`.
 */
export type TaskInvoker = (resource: string, input: Json, options: TaskInvocationOptions) => Promise<Json>;

/** An error a task reports, matched by Retry/Catch `ErrorEquals` on `error`. */
export class TaskError extends Error {
  constructor(
    readonly error: string,
    override readonly cause: string = "",
  ) {
    super(`${error}: ${cause}`);
    this.name = "TaskError";
  }
}

/** The `{error, cause}` of whatever a task rejected with. */
export function taskFailureOf(e: unknown): { error: string; cause: string } {
  if (e && typeof e === "object" && typeof (e as { error?: unknown }).error === "string") {
    const { error, cause } = e as { error: string; cause?: unknown };
    return { error, cause: typeof cause === "string" ? cause : cause === undefined ? "" : JSON.stringify(cause) };
  }
  if (e instanceof Error) return { error: e.name, cause: e.message };
  return { error: "Error", cause: String(e) };
}
