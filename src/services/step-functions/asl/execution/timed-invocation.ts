import { StatesErrors } from "../../errors.js";
import type { TaskOutcome, TaskRequest } from "../step-decision.js";
import { fitsPayloadLimit, resultTooLarge } from "../payload-limit.js";
import type { Clock } from "./clock.js";
import { describeResource } from "./history-events.js";
import { taskFailureOf, type TaskInvoker } from "./task-invoker.js";

/**
 * Runs a task through `invoker`, enforcing its TimeoutSeconds and HeartbeatSeconds on `clock`
 * and the payload limit on its result; `stop` aborting ends it at once with an empty error.
 */
export async function invokeTask(invoker: TaskInvoker, task: TaskRequest, clock: Clock, stop: AbortSignal): Promise<TaskOutcome> {
  const done = new AbortController();
  let interrupt!: (outcome: TaskOutcome) => void;
  const interrupted = new Promise<TaskOutcome>((resolve) => (interrupt = resolve));
  const after = (seconds: number, signal: AbortSignal, error: string) =>
    void clock.sleep(seconds * 1000, signal).then(() => {
      if (!signal.aborted) interrupt({ ok: false, error, cause: "" });
    });
  if (task.timeoutSeconds !== undefined) after(task.timeoutSeconds, done.signal, StatesErrors.Timeout);
  let heartbeat: AbortController | undefined;
  const armHeartbeat = () => {
    if (task.heartbeatSeconds === undefined || done.signal.aborted) return;
    heartbeat?.abort();
    heartbeat = new AbortController();
    after(task.heartbeatSeconds, heartbeat.signal, StatesErrors.HeartbeatTimeout);
  };
  armHeartbeat();
  const onStop = () => interrupt({ ok: false, error: "", cause: "" });
  stop.addEventListener("abort", onStop, { once: true });
  const invocation = invoker(task.resource, task.input, {
    taskToken: task.taskToken,
    timeoutSeconds: task.timeoutSeconds,
    heartbeatSeconds: task.heartbeatSeconds,
    context: task.context,
    heartbeat: armHeartbeat,
    signal: done.signal,
  }).then(
    (result): TaskOutcome => (fitsPayloadLimit(result) ? { ok: true, result } : { ok: false, ...resultTooLarge(resultSource(task.resource)) }),
    (e: unknown): TaskOutcome => ({ ok: false, ...taskFailureOf(e) }),
  );
  try {
    return await Promise.race([invocation, interrupted]);
  } finally {
    done.abort();
    heartbeat?.abort();
    stop.removeEventListener("abort", onStop);
  }
}

/** How AWS names a task in the cause of a result over the limit: a service integration by its service (`lambda`), another resource by its ARN. */
function resultSource(resource: string): string {
  return resource.startsWith("arn:aws:states:::") ? describeResource(resource).resourceType : resource;
}
