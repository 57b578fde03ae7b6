import { compileStepConfig, parseDuration, retryDelayMs } from "./step-config.js";
import { decodeValue, encodeValue } from "./value-codec.js";
import { MAX_STEP_NAME_LENGTH, MAX_STEP_OUTPUT_BYTES } from "./limits.js";

/** Module name of the Workflows step implementation inside a user's worker. */
export const WORKFLOW_STEPS_MODULE = "__outpost_workflows.js";

/** Real milliseconds a run waits in memory; a longer wait suspends it, and it is replayed later. */
const IN_MEMORY_WAIT_MS = 1_000;

/** The method the runner calls on a Workflow's entrypoint to run one instance. */
export const RUN_INSTANCE_METHOD = "__outpostRunInstance";

/**
 * Source of the module that runs Workflow steps inside the user's own isolate. The facade calls
 * its `patchWorkflows` on the user's module: each exported `WorkflowEntrypoint` subclass gets a
 * method, {@link RUN_INSTANCE_METHOD}, that, called by the runner with `(link, ticket)`, replays
 * the instance from the ticket's journal and calls the instance's `run(event, step)` with a local
 * `step`. It calls `run` on the instance as the runtime made it, so a wrapper around the class or
 * its instances (`Sentry.instrumentWorkflowWithSentry`'s proxy) sees the call. Step bodies thus
 * run where they are defined, with no RPC per body; only each step's result crosses to the runner
 * (`link.call`), which stores it through the engine before `step.do` returns it.
 *
 * `step.do` returns its journalled result if it has one; otherwise it runs the body with the
 * step's retries and timeout. A wait longer than a second, once no step body is running, ends the
 * run ("suspended"): the engine replays it when the wait is over, so a sleeping instance holds no
 * worker. A write the engine refuses (the instance was paused, terminated or restarted) ends the
 * run too ("aborted"); its pending steps throw `WorkflowAbortedError`.
 */
export function workflowStepsSource(): string {
  return `import { WorkflowEntrypoint } from "cloudflare:workers";

const MAX_STEP_BYTES = ${MAX_STEP_OUTPUT_BYTES};
const MAX_NAME = ${MAX_STEP_NAME_LENGTH};
const IN_MEMORY_WAIT_MS = ${IN_MEMORY_WAIT_MS};
const encodeValue = ${encodeValue.toString()};
const decodeValue = ${decodeValue.toString()};
const parseDuration = ${parseDuration.toString()};
const compileStepConfig = ${compileStepConfig.toString()};
const retryDelayMs = ${retryDelayMs.toString()};

const named = (name, message) => Object.assign(new Error(message), { name });
const plain = (e) => ({ name: e?.name ?? "Error", message: e?.message ?? String(e) });
const nonRetryable = (e) => e?.name === "NonRetryableError" || String(e?.message).startsWith("NonRetryableError");
const aborted = () => named("WorkflowAbortedError", "This run of the instance has ended");
const fatal = (message) => named("WorkflowFatalError", message);

/** The instance's error when run() throws e. */
function failureOf(e) {
  if (!nonRetryable(e)) return plain(e);
  return {
    name: "WorkflowFatalError",
    message: "The execution of the Workflow instance was terminated, as a step threw an NonRetryableError and it was not handled",
  };
}

class Run {
  constructor(link, ticket) {
    this.link = link;
    this.ticket = ticket;
    this.journal = new Map(ticket.journal.map((step) => [step.key, step]));
    this.counts = new Map();
    this.started = Date.now();
    this.busy = 0;
    this.waits = new Map();
    this.ended = false;
    this.done = new Promise((resolve) => (this.finish = resolve));
  }

  now() {
    return this.ticket.now + (Date.now() - this.started) * this.ticket.scale;
  }

  /** The step's key: its type, the how-many-th of that name, and the name. */
  next(type, name) {
    if (typeof name !== "string" || name.length === 0 || name.length > MAX_NAME) {
      throw fatal(\`Step name "\${name}" exceeds max length (256 chars) or invalid characters found\`);
    }
    const counter = type + ":" + name;
    const count = (this.counts.get(counter) ?? 0) + 1;
    this.counts.set(counter, count);
    const key = type + ":" + count + ":" + name;
    return { key, count, stored: this.journal.get(key) };
  }

  end(outcome) {
    if (this.ended) return;
    this.ended = true;
    for (const wait of this.waits.values()) wait.reject(aborted());
    this.waits.clear();
    this.finish(outcome);
  }

  async engine(method, body) {
    if (this.ended) throw aborted();
    const { namespace, id, runId } = this.ticket;
    let answer;
    try {
      answer = await this.link.call(method, { namespace, id, runId, ...body });
    } catch (error) {
      // Not the workflow's failure: the run ends unfinished, and the engine replays it.
      this.end({ failed: "The engine could not be reached: " + (error?.message ?? error) });
      throw aborted();
    }
    if (answer.aborted) {
      this.end({ outcome: "aborted" });
      throw aborted();
    }
    return answer;
  }

  /** Runs work that keeps the run busy: while any runs, long waits do not suspend it. */
  async working(work) {
    this.busy++;
    try {
      return await work();
    } finally {
      this.busy--;
      this.settle();
    }
  }

  /** Waits until \`at\` (engine time) in memory when it is near, else until the run suspends. */
  until(at, type) {
    const realMs = (at - this.now()) / this.ticket.scale;
    if (realMs <= IN_MEMORY_WAIT_MS) return this.working(() => scheduler.wait(Math.max(0, realMs)));
    return this.suspendFor(at, type);
  }

  suspendFor(at, type) {
    if (this.ended) return Promise.reject(aborted());
    const token = {};
    const waiting = new Promise((resolve, reject) => this.waits.set(token, { at, type, reject }));
    this.settle();
    return waiting;
  }

  /** Suspends the run once nothing but long waits is left. */
  settle() {
    if (this.busy > 0 || this.waits.size === 0 || this.ended) return;
    const waits = [...this.waits.values()];
    const wakeAt = Math.min(...waits.map((wait) => wait.at));
    const wakesOn = [...new Set(waits.flatMap((wait) => (wait.type === undefined ? [] : [wait.type])))];
    this.end({ outcome: "suspended", wakeAt, wakesOn });
  }

  async step(name, config, body) {
    if (typeof body !== "function") throw fatal(\`Step "\${name}" requires a callback function\`);
    let compiled;
    try {
      compiled = compileStepConfig(config);
    } catch {
      throw fatal(\`Step config for "\${name}" is in a invalid format. See https://developers.cloudflare.com/workflows/build/sleeping-and-retrying/\`);
    }
    if (this.ended) throw aborted();
    const { key, count, stored } = this.next("do", name);
    if (stored?.state === "done") return decodeValue(stored.value);
    if (stored?.state === "failed") throw named(stored.error.name, stored.error.message);
    const step = { key, name, type: "do", count, startedAt: stored?.startedAt ?? this.now(), deadline: null };
    let attempt = (stored?.attempts ?? 0) + 1;
    if (stored?.deadline) await this.until(stored.deadline);
    const timeoutMs = parseDuration(compiled.timeout);
    for (;;) {
      const startedAt = this.now();
      const realStart = Date.now();
      const outcome = await this.working(() => this.attempt(body, { step: { name, count }, attempt, config: compiled }, timeoutMs));
      const durationMs = Date.now() - realStart;
      if (outcome.ok) {
        const value = outcome.value;
        const log = { key, attempt, startedAt, durationMs, error: null, retryDelayMs: null };
        await this.engine("step", { step: { ...step, state: "done", value, error: null, attempts: attempt, finishedAt: this.now() }, attempt: log });
        // The result came over RPC, a structured clone already: what a replay decodes is equal to it.
        return outcome.result;
      }
      const error = plain(outcome.error);
      const log = { key, attempt, startedAt, durationMs, error, retryDelayMs: null };
      if (outcome.final || nonRetryable(outcome.error) || attempt > compiled.retries.limit) {
        await this.engine("step", { step: { ...step, state: "failed", value: null, error, attempts: attempt, finishedAt: this.now() }, attempt: log });
        throw named(error.name, error.message);
      }
      log.retryDelayMs = retryDelayMs(compiled.retries, attempt);
      const retryAt = this.now() + log.retryDelayMs;
      await this.engine("step", { step: { ...step, state: "pending", value: null, error, attempts: attempt, deadline: retryAt }, attempt: log });
      attempt++;
      await this.until(retryAt);
    }
  }

  /**
   * One attempt of a step body: its encoded result, or why it failed (\`final\` when retrying
   * cannot help). Bodies run in real time, so their timeout is never scaled by a test clock.
   */
  async attempt(body, ctx, timeoutMs) {
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(named("WorkflowTimeoutError", \`Execution timed out after \${timeoutMs}ms\`)), timeoutMs);
    });
    let result;
    try {
      result = await Promise.race([Promise.resolve().then(() => body(ctx)), timeout]);
    } catch (error) {
      return { ok: false, error };
    } finally {
      clearTimeout(timer);
    }
    let value;
    try {
      value = encodeValue(result);
    } catch {
      return { ok: false, final: true, error: fatal(\`The execution of the Workflow instance was terminated, as the step "\${ctx.step.name}" returned a value which is not serialisable\`) };
    }
    // UTF-8 takes at most 3 bytes per UTF-16 unit, so only long text needs counting.
    if (value.length * 3 > MAX_STEP_BYTES && new TextEncoder().encode(value).byteLength > MAX_STEP_BYTES) {
      return { ok: false, final: true, error: fatal(\`Step \${ctx.step.name}-\${ctx.step.count} output is too large. Maximum allowed size is 1MiB.\`) };
    }
    return { ok: true, value, result };
  }

  async sleep(name, duration, until) {
    if (this.ended) throw aborted();
    const { key, count, stored } = this.next("sleep", name);
    let deadline = stored?.deadline;
    if (deadline == null) {
      const now = this.now();
      deadline = until === undefined ? now + parseDuration(duration) : +new Date(until);
      if (!(deadline >= now)) throw new Error("You can't sleep until a time in the past, time-traveler");
      const step = { key, name, type: "sleep", count, state: "pending", value: null, error: null, attempts: 1, deadline, startedAt: now };
      await this.engine("step", { step });
    }
    if (deadline > this.now()) await this.until(deadline);
  }

  async waitForEvent(name, options = {}) {
    if (this.ended) throw aborted();
    const { type, timeout = "24 hours" } = options;
    const { key, count, stored } = this.next("waitForEvent", name);
    const eventOf = (event) => ({ type: event.type, payload: decodeValue(event.payload), timestamp: new Date(event.timestamp) });
    if (stored?.state === "done") return eventOf(JSON.parse(stored.value));
    if (stored?.state === "failed") throw named(stored.error.name, stored.error.message);
    const found = await this.engine("wait", { step: { key, name, count, type, timeoutMs: parseDuration(timeout) } });
    if (found.kind === "event") return eventOf(found.event);
    if (found.kind === "timeout") throw named(found.error.name, found.error.message);
    await this.suspendFor(found.deadline, type);
  }
}

class Step {
  #run;
  constructor(run) {
    this.#run = run;
  }
  do(name, configOrBody, body) {
    return body === undefined ? this.#run.step(name, undefined, configOrBody) : this.#run.step(name, configOrBody, body);
  }
  sleep(name, duration) {
    return this.#run.sleep(name, duration);
  }
  sleepUntil(name, timestamp) {
    return this.#run.sleep(name, undefined, timestamp);
  }
  waitForEvent(name, options) {
    return this.#run.waitForEvent(name, options);
  }
}

/** Runs one instance: the user's run() with a local step, answering how the run ended. */
function runInstance(instance, link, ticket) {
  const run = new Run(link, ticket);
  const event = { payload: decodeValue(ticket.params), timestamp: new Date(ticket.createdAt), instanceId: ticket.id, workflowName: ticket.namespace };
  Promise.resolve()
    .then(() => instance.run(event, new Step(run)))
    .then(
      (output) => {
        try {
          run.end({ outcome: "complete", output: encodeValue(output) });
        } catch {
          run.end({ outcome: "errored", error: fatal("The execution of the Workflow instance was terminated, as run() returned a value which is not serialisable") });
        }
      },
      (error) => run.end({ outcome: "errored", error: failureOf(error) }),
    );
  return run.done;
}

/** Gives each WorkflowEntrypoint class the module exports the method the Outpost runner drives it by. */
export function patchWorkflows(userModule) {
  for (const exported of Object.values(userModule)) {
    if (typeof exported !== "function" || !(exported.prototype instanceof WorkflowEntrypoint)) continue;
    if (Object.hasOwn(exported.prototype, "${RUN_INSTANCE_METHOD}")) continue;
    Object.defineProperty(exported.prototype, "${RUN_INSTANCE_METHOD}", {
      value: function (link, ticket) {
        return runInstance(this, link, ticket);
      },
    });
  }
}
`;
}
