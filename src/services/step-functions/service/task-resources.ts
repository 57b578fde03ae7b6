import type { Json, JsonObject } from "../asl/definition-types.js";
import { TaskError, type TaskInvocationOptions } from "../asl/execution/task-invoker.js";
import { WAIT_FOR_TASK_TOKEN } from "../asl/states/task.js";

/** What Task resources reach outside the interpreter; `outpost dev` wires workers and queues in. */
export interface TaskTargets {
  /** POSTs `input` as JSON to the worker `service`'s `fetch()`, or its named `entrypoint`'s, and answers its response. */
  invokeWorker(service: string, input: Json, entrypoint?: string): Promise<{ status: number; body: string }>;
  sendToQueue(queue: string, body: Json): Promise<void>;
}

/** A nested `states:startExecution`, sync or not; implemented by the service. */
export type StartNested = (parameters: JsonObject, pattern: "" | ".sync" | ".sync:2") => Promise<Json>;

const WORKER = /^arn:outpost:worker:([A-Za-z0-9_-]+)(?::([A-Za-z_$][\w$]*))?$/;
const QUEUE = /^arn:outpost:queue:([A-Za-z0-9_-]+)$/;
const HTTP = "arn:aws:states:::http:invoke";
const SQS = "arn:aws:states:::sqs:sendMessage";
const NESTED = /^arn:aws:states:::states:startExecution(\.sync(?::2)?)?$/;

/** The base resource and its integration pattern. */
function patternOf(resource: string): { base: string; waits: boolean } {
  return resource.endsWith(WAIT_FOR_TASK_TOKEN) ? { base: resource.slice(0, -WAIT_FOR_TASK_TOKEN.length), waits: true } : { base: resource, waits: false };
}

/** `resourceValidator` for definitions: null when Outpost runs the resource, else why not. */
export function checkResource(resource: string): string | null {
  const { base, waits } = patternOf(resource);
  if (WORKER.test(base) || QUEUE.test(base) || base === SQS) return null;
  if (base === HTTP && !waits) return null;
  const nested = NESTED.exec(base);
  if (nested && !(waits && nested[1])) return null;
  return (
    `Outpost does not run the resource '${resource}'. Use arn:outpost:worker:<service>[:<entrypoint>], arn:outpost:queue:<queue>, ` +
    `${HTTP}, ${SQS}, or arn:aws:states:::states:startExecution[.sync|.sync:2] (all but http and .sync with an optional .waitForTaskToken)`
  );
}

function field(input: Json, name: string): Json | undefined {
  return input !== null && typeof input === "object" && !Array.isArray(input) ? (input as JsonObject)[name] : undefined;
}

/**
 * Runs a Task's resource: a worker, an HTTP request, a queue send or a nested execution. For
 * `.waitForTaskToken`, the resource is run and then `awaitToken` waits for SendTaskSuccess/Failure.
 */
export async function runResource(
  targets: TaskTargets,
  startNested: StartNested,
  awaitToken: (token: string, options: TaskInvocationOptions) => Promise<Json>,
  resource: string,
  input: Json,
  options: TaskInvocationOptions,
): Promise<Json> {
  const { base, waits } = patternOf(resource);
  const waiting = waits ? awaitToken(options.taskToken!, options) : undefined;
  // SendTaskFailure may come while the resource still runs; it is the Task's outcome once the
  // resource has run, and must not count as an unhandled rejection (which ends the process) until then.
  waiting?.catch(() => {});
  const result = await runBase(targets, startNested, base, input);
  return waiting ?? result;
}

async function runBase(targets: TaskTargets, startNested: StartNested, base: string, input: Json): Promise<Json> {
  const worker = WORKER.exec(base);
  if (worker) return workerResult(worker[1]!, await targets.invokeWorker(worker[1]!, input, worker[2]));
  const queue = QUEUE.exec(base);
  if (queue) {
    await targets.sendToQueue(queue[1]!, input);
    return {};
  }
  if (base === SQS) {
    const url = field(input, "QueueUrl");
    if (typeof url !== "string") throw new TaskError("States.Runtime", "sqs:sendMessage needs a QueueUrl (the queue's name, or a URL ending in it)");
    const body = field(input, "MessageBody");
    await targets.sendToQueue(url.slice(url.lastIndexOf("/") + 1), body === undefined ? null : body);
    return { MessageId: crypto.randomUUID() };
  }
  if (base === HTTP) return httpInvoke(input);
  const nested = NESTED.exec(base)!;
  return startNested((input ?? {}) as JsonObject, (nested[1] ?? "") as "" | ".sync" | ".sync:2");
}

/** A worker answers 2xx with its JSON result, or fails with `{error, cause}` (any other status). */
function workerResult(service: string, response: { status: number; body: string }): Json {
  const parsed = (() => {
    try {
      return JSON.parse(response.body) as Json;
    } catch {
      return undefined;
    }
  })();
  if (response.status >= 200 && response.status < 300) {
    if (parsed === undefined && response.body !== "") throw new TaskError("States.Runtime", `The worker "${service}" answered text that is not JSON: ${response.body.slice(0, 200)}`);
    return parsed ?? null;
  }
  const error = field(parsed ?? null, "error");
  const cause = field(parsed ?? null, "cause");
  throw new TaskError(
    typeof error === "string" ? error : "Outpost.WorkerFailed",
    typeof cause === "string" ? cause : `The worker "${service}" answered ${response.status}: ${response.body.slice(0, 500)}`,
  );
}

/** AWS's HTTP Task: `ApiEndpoint`, `Method`, `Headers`, `QueryParameters`, `RequestBody`. */
async function httpInvoke(input: Json): Promise<Json> {
  const endpoint = field(input, "ApiEndpoint");
  const method = field(input, "Method");
  if (typeof endpoint !== "string" || typeof method !== "string") throw new TaskError("States.Runtime", "The HTTP Task needs ApiEndpoint and Method");
  const url = new URL(endpoint);
  const query = field(input, "QueryParameters");
  if (query && typeof query === "object") for (const [k, v] of Object.entries(query)) url.searchParams.append(k, String(v));
  const headers = new Headers();
  const given = field(input, "Headers");
  if (given && typeof given === "object") for (const [k, v] of Object.entries(given)) headers.set(k, String(v));
  const body = field(input, "RequestBody");
  if (body !== undefined && typeof body !== "string" && !headers.has("content-type")) headers.set("content-type", "application/json");
  const response = await fetch(url, { method, headers, body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body) });
  const text = await response.text();
  const responseHeaders: Record<string, string> = {};
  response.headers.forEach((value, key) => (responseHeaders[key] = value));
  let responseBody: Json = text;
  if ((response.headers.get("content-type") ?? "").includes("json")) {
    try {
      responseBody = JSON.parse(text) as Json;
    } catch {
      responseBody = text;
    }
  }
  if (!response.ok) throw new TaskError(`States.Http.StatusCode.${response.status}`, JSON.stringify({ StatusCode: response.status, StatusText: response.statusText, ResponseBody: responseBody }));
  return { Headers: responseHeaders, ResponseBody: responseBody, StatusCode: response.status, StatusText: response.statusText };
}
