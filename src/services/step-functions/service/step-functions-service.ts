import { randomUUID } from "node:crypto";
import { InvalidDefinition } from "../errors.js";
import type { Json, JsonObject } from "../asl/definition-types.js";
import { parseDefinition, validateStateMachineDefinition, type ValidateStateMachineDefinitionOutput } from "../asl/definition-parser.js";
import { systemClock, type Clock } from "../asl/execution/clock.js";
import { ExpressExecution } from "../asl/execution/express-execution.js";
import { ABORTED_BRANCH, endExecution, type EventSink } from "../asl/execution/execution-events.js";
import { render, type HistoryEvent, type RecordedEvent } from "../asl/execution/history-events.js";
import type { TaskInvocationOptions } from "../asl/execution/task-invoker.js";
import { StateMachine } from "../asl/state-machine.js";
import { checkInput } from "../aws-api/input-constraints.js";
import { SFN_ACTIONS } from "../aws-api/operations.js";
import { checkName, executionArn, executionPartsOf, machineNameOf, stateMachineArn } from "./arns.js";
import { descriptionOf, withoutData, type DescribeExecutionOutput } from "./execution-description.js";
import { paginate } from "./pagination.js";
import { noSuchExecution, noSuchMachine, parseJsonField, SfnError } from "./sfn-error.js";
import { SqliteSfnStore, type ExecutionRecord, type ExecutionStatus, type MachineRecord, type MachineType, type SfnStore } from "./sfn-store.js";
import { recordOfEnd, StandardExecution } from "./standard-execution.js";
import { checkResource, runResource, type TaskTargets } from "./task-resources.js";
import { TaskTokens } from "./task-tokens.js";

export interface StepFunctionsServiceOptions {
  persistTo: string;
  /** @default the machine's clock */
  clock?: Clock;
  /** Where worker and queue Tasks go; without them such Tasks fail. */
  targets?: TaskTargets;
  /** Reports what the service could not do for a caller, such as an execution that crashed. */
  warn?: (message: string) => void;
  /**
   * Run no executions in this process (the CLI beside `outpost dev`): starts and stops of STANDARD
   * executions are left in the store as requests, which the running dev takes within a fraction of
   * a second, or the next dev at its start. A stop waits until the execution has ended; when no
   * process takes it, the execution runs nowhere and is ended here.
   */
  detached?: boolean;
}

/** A running execution and the promise of its end. */
interface Live {
  runner: { stop(error?: string, cause?: string): void };
  done: Promise<DescribeExecutionOutput>;
}

/** Milliseconds between looks for requests the CLI left in the store. */
const REQUEST_POLL_MS = 200;
/** How long a stop request may stay untaken before the CLI concludes no process runs the execution: ten looks. */
const REQUEST_TAKEN_MS = 10 * REQUEST_POLL_MS;
/** How long the CLI waits for a running process to end an execution it took a stop request for. */
const STOP_TAKES_MS = 10_000;
/** Milliseconds between the CLI's looks at a stopping execution. */
const STOP_POLL_MS = 25;
/** EXPRESS executions kept in memory for DescribeExecution. */
const EXPRESS_KEPT = 1000;
/** Longest an EXPRESS execution runs, as on AWS: 5 minutes. */
const EXPRESS_MAX_DURATION_MS = 5 * 60 * 1000;

const noTargets: TaskTargets = {
  invokeWorker: () => Promise.reject(new Error("No workers are running")),
  sendToQueue: () => Promise.reject(new Error("No queues are available")),
};

/**
 * Outpost's Step Functions: state machines and executions over `<persistTo>/step-functions/`,
 * with the AWS API's operations, field names and errors. STANDARD executions run durably
 * (`StandardExecution`), EXPRESS ones in memory (`ExpressExecution`).
 */
export class StepFunctionsService {
  readonly store: SfnStore;
  readonly #clock: Clock;
  readonly #warn: (message: string) => void;
  readonly #detached: boolean;
  #targets: TaskTargets;
  readonly #compiled = new Map<string, { text: string; machine: StateMachine }>();
  readonly #live = new Map<string, Live>();
  readonly #express = new Map<string, { execution: ExpressExecution; record: DescribeExecutionOutput }>();
  readonly #tokens = new TaskTokens();
  #poll: NodeJS.Timeout | undefined;
  #requestsBusy = false;

  constructor(options: StepFunctionsServiceOptions) {
    this.store = new SqliteSfnStore(options.persistTo);
    this.#clock = options.clock ?? systemClock;
    this.#targets = options.targets ?? noTargets;
    this.#warn = options.warn ?? (() => {});
    this.#detached = options.detached ?? false;
  }

  /** Points worker and queue Tasks at `targets`. */
  useTargets(targets: TaskTargets): void {
    this.#targets = targets;
  }

  /** Resumes every RUNNING STANDARD execution, and picks up the CLI's requests from now on. */
  async start(): Promise<void> {
    if (this.#poll !== undefined) return;
    // Requests first: an execution the CLI stopped meanwhile is ended before anything resumes it.
    await this.#takeRequests();
    for (const record of this.store.running()) this.#launch(record, true);
    this.#poll = setInterval(() => this.#takeRequestsSafely(), REQUEST_POLL_MS).unref();
  }

  async close(): Promise<void> {
    clearInterval(this.#poll);
    await this.store.flush();
    this.store.close();
  }

  // --- State machines ---

  async createStateMachine(input: { name: string; definition: string; type?: MachineType; roleArn?: string }): Promise<{ stateMachineArn: string; creationDate: Date }> {
    const name = checkName(input.name);
    const type = typeOf(input.type);
    this.#compile(input.definition, type);
    const arn = stateMachineArn(name);
    const existing = this.store.machine(arn);
    if (existing) {
      if (existing.definition === input.definition && existing.type === type && existing.roleArn === (input.roleArn ?? existing.roleArn)) {
        return { stateMachineArn: arn, creationDate: new Date(existing.createdAt) };
      }
      throw new SfnError("StateMachineAlreadyExists", `State Machine Already Exists: '${arn}'`);
    }
    const now = this.#clock.now();
    await this.store.putMachine({ arn, name, type, definition: input.definition, roleArn: input.roleArn ?? defaultRole(name), createdAt: now, updatedAt: now });
    return { stateMachineArn: arn, creationDate: new Date(now) };
  }

  async updateStateMachine(input: { stateMachineArn: string; definition?: string; roleArn?: string }): Promise<{ updateDate: Date }> {
    const record = this.#machine(input.stateMachineArn);
    if (input.definition === undefined && input.roleArn === undefined) {
      throw new SfnError("ValidationException", "Either the definition or the roleArn must be specified");
    }
    if (input.definition !== undefined) this.#compile(input.definition, record.type);
    const now = this.#clock.now();
    await this.store.putMachine({ ...record, definition: input.definition ?? record.definition, roleArn: input.roleArn ?? record.roleArn, updatedAt: now });
    return { updateDate: new Date(now) };
  }

  /** Creates the machine, or updates it when its definition or type changed (a deploy). */
  async putStateMachine(input: { name: string; definition: string; type: MachineType }): Promise<void> {
    const arn = stateMachineArn(checkName(input.name));
    const existing = this.store.machine(arn);
    if (existing === undefined) await this.createStateMachine(input);
    else if (existing.definition !== input.definition || existing.type !== input.type) {
      this.#compile(input.definition, input.type);
      await this.store.putMachine({ ...existing, definition: input.definition, type: input.type, updatedAt: this.#clock.now() });
    }
  }

  async describeStateMachine(input: { stateMachineArn: string }) {
    const r = this.#machine(input.stateMachineArn);
    return { stateMachineArn: r.arn, name: r.name, status: "ACTIVE" as const, definition: r.definition, roleArn: r.roleArn, type: r.type, creationDate: new Date(r.createdAt) };
  }

  async listStateMachines(input: { maxResults?: number; nextToken?: string } = {}) {
    const page = paginate(this.store.machines(), input);
    return { stateMachines: page.items.map((r) => ({ stateMachineArn: r.arn, name: r.name, type: r.type, creationDate: new Date(r.createdAt) })), ...page.next };
  }

  async deleteStateMachine(input: { stateMachineArn: string }): Promise<void> {
    machineNameOf(input.stateMachineArn);
    await this.store.deleteMachine(input.stateMachineArn);
  }

  async validateStateMachineDefinition(input: { definition: string; type?: MachineType }): Promise<ValidateStateMachineDefinitionOutput> {
    return validateStateMachineDefinition(input.definition, { type: typeOf(input.type), resourceValidator: checkResource });
  }

  // --- Executions ---

  async startExecution(input: { stateMachineArn: string; name?: string; input?: string }): Promise<{ executionArn: string; startDate: Date }> {
    const { record, arn, text, machine } = this.#prepareStart(input);
    if (machine.type === "EXPRESS") {
      if (this.#detached) throw new SfnError("StateMachineTypeNotSupported", "EXPRESS executions run inside outpost dev: start them through a binding or its Step Functions API");
      const started = this.#startExpress(record, text);
      started.done.catch(() => {});
      return { executionArn: arn, startDate: new Date(record.startDate) };
    }
    if (!(await this.store.createExecution(record))) {
      const existing = this.store.execution(arn)!;
      if (existing.status === "RUNNING" && existing.input === record.input) return { executionArn: arn, startDate: new Date(existing.startDate) };
      throw new SfnError("ExecutionAlreadyExists", `Execution Already Exists: '${arn}'`);
    }
    if (this.#detached) await this.store.request({ kind: "start", arn, error: null, cause: null });
    else this.#launch(record, false);
    return { executionArn: arn, startDate: new Date(record.startDate) };
  }

  async startSyncExecution(input: { stateMachineArn: string; name?: string; input?: string }): Promise<DescribeExecutionOutput> {
    const { record, text, machine } = this.#prepareStart(input);
    if (machine.type !== "EXPRESS") throw new SfnError("StateMachineTypeNotSupported", "This operation is not supported by this type of state machine");
    return this.#startExpress(record, text).done;
  }

  async describeExecution(input: { executionArn: string }): Promise<DescribeExecutionOutput> {
    executionPartsOf(input.executionArn);
    const express = this.#express.get(input.executionArn);
    if (express) return express.record;
    await this.store.flush();
    const record = this.store.execution(input.executionArn);
    if (record === undefined) throw noSuchExecution(input.executionArn);
    return descriptionOf(record);
  }

  async stopExecution(input: { executionArn: string; error?: string; cause?: string }): Promise<{ stopDate: Date }> {
    const described = await this.describeExecution(input);
    if (described.status !== "RUNNING") return { stopDate: described.stopDate ?? new Date(this.#clock.now()) };
    if (this.#detached) return this.#stopElsewhere(input);
    const live = this.#live.get(input.executionArn) ?? this.#express.get(input.executionArn)?.execution;
    if (live === undefined) {
      // A STANDARD execution no runner here runs: one the CLI started, its start request not yet taken.
      await this.#endUnrun(this.store.execution(input.executionArn)!, input);
      return { stopDate: new Date(this.#clock.now()) };
    }
    if ("runner" in live) {
      live.runner.stop(input.error, input.cause);
      return { stopDate: (await live.done).stopDate! };
    }
    live.stop(input.error, input.cause);
    return { stopDate: new Date(this.#clock.now()) };
  }

  async listExecutions(input: { stateMachineArn: string; statusFilter?: ExecutionStatus; maxResults?: number; nextToken?: string }) {
    const machine = this.#machine(input.stateMachineArn);
    if (machine.type === "EXPRESS") throw new SfnError("StateMachineTypeNotSupported", "This operation is not supported by this type of state machine");
    await this.store.flush();
    const page = paginate(this.store.executions(machine.arn, input.statusFilter), input);
    return {
      executions: page.items.map((r) => {
        const { executionArn, stateMachineArn, name, status, startDate, stopDate } = descriptionOf(r);
        return { executionArn, stateMachineArn, name, status, startDate, ...(stopDate && { stopDate }) };
      }),
      ...page.next,
    };
  }

  async getExecutionHistory(input: { executionArn: string; maxResults?: number; nextToken?: string; reverseOrder?: boolean; includeExecutionData?: boolean }) {
    await this.describeExecution(input);
    const express = this.#express.get(input.executionArn);
    let events: HistoryEvent[] = express
      ? express.execution.history()
      : this.store.events(input.executionArn).map((event) => ({ ...event, timestamp: new Date(event.timestamp as string) }) as HistoryEvent);
    if (input.reverseOrder) events = events.reverse();
    if (input.includeExecutionData === false) events = events.map(withoutData);
    const page = paginate(events, input);
    return { events: page.items, ...page.next };
  }

  // --- Task tokens ---

  async sendTaskSuccess(input: { taskToken: string; output: string }): Promise<void> {
    checkInput({ output: input.output }, { output: SFN_ACTIONS.SendTaskSuccess.output });
    const output = parseJsonField(input.output, "InvalidOutput", "") as Json;
    this.#tokens.get(input.taskToken).resolve(output);
  }

  async sendTaskFailure(input: { taskToken: string; error?: string; cause?: string }): Promise<void> {
    this.#tokens.get(input.taskToken).reject({ error: input.error ?? "", cause: input.cause ?? "" });
  }

  async sendTaskHeartbeat(input: { taskToken: string }): Promise<void> {
    this.#tokens.get(input.taskToken).heartbeat();
  }

  // --- Internals ---

  #invoker = (resource: string, input: Json, options: TaskInvocationOptions): Promise<Json> =>
    runResource(this.#targets, (parameters, pattern) => this.#startNested(parameters, pattern), (token, o) => this.#tokens.wait(token, o), resource, input, options);

  async #startNested(parameters: JsonObject, pattern: "" | ".sync" | ".sync:2"): Promise<Json> {
    const given = parameters.Input;
    const started = await this.startExecution({
      stateMachineArn: String(parameters.StateMachineArn),
      name: typeof parameters.Name === "string" ? parameters.Name : undefined,
      input: given === undefined ? "{}" : typeof given === "string" ? given : JSON.stringify(given),
    });
    if (pattern === "") return { ExecutionArn: started.executionArn, StartDate: started.startDate.toISOString() };
    const ended = await this.#completion(started.executionArn);
    const asJson = pattern === ".sync:2";
    const output: JsonObject = {
      ExecutionArn: ended.executionArn,
      StateMachineArn: ended.stateMachineArn,
      Name: ended.name,
      Status: ended.status,
      StartDate: ended.startDate.toISOString(),
      StopDate: ended.stopDate!.toISOString(),
      Input: asJson ? (JSON.parse(ended.input) as Json) : ended.input,
    };
    if (ended.output !== undefined) output.Output = asJson ? (JSON.parse(ended.output) as Json) : ended.output;
    if (ended.status !== "SUCCEEDED") throw { error: "States.TaskFailed", cause: JSON.stringify({ ...output, Error: ended.error, Cause: ended.cause }) };
    return output;
  }

  /** Resolves when the execution has ended. */
  async #completion(arn: string): Promise<DescribeExecutionOutput> {
    const live = this.#live.get(arn);
    if (live) return live.done;
    const express = this.#express.get(arn);
    if (express && express.record.status === "RUNNING") {
      await express.execution.run().catch(() => {});
    }
    return this.describeExecution({ executionArn: arn });
  }

  #machine(arn: string): MachineRecord {
    machineNameOf(arn);
    const record = this.store.machine(arn);
    if (record === undefined) throw noSuchMachine(arn);
    return record;
  }

  #compile(text: string, type: MachineType): StateMachine {
    const key = `${type}\n${text}`;
    const cached = this.#compiled.get(key);
    if (cached) return cached.machine;
    let machine: StateMachine;
    try {
      machine = new StateMachine(parseDefinition(text, { type, resourceValidator: checkResource }));
    } catch (error) {
      if (error instanceof InvalidDefinition) throw new SfnError("InvalidDefinition", error.message);
      throw error;
    }
    this.#compiled.set(key, { text, machine });
    return machine;
  }

  #prepareStart(input: { stateMachineArn: string; name?: string; input?: string }) {
    const machine = this.#machine(input.stateMachineArn);
    const name = input.name === undefined ? randomUUID() : checkName(input.name);
    const text = input.input ?? "{}";
    checkInput({ input: text }, { input: SFN_ACTIONS.StartExecution.input });
    parseJsonField(text, "InvalidExecutionInput", "{}");
    const arn = executionArn(machine.name, name);
    const record: ExecutionRecord = {
      arn,
      machineArn: machine.arn,
      name,
      status: "RUNNING",
      input: text,
      output: null,
      error: null,
      cause: null,
      startDate: this.#clock.now(),
      stopDate: null,
      definition: machine.definition,
      roleArn: machine.roleArn,
    };
    return { record, arn, text, machine };
  }

  #startExpress(record: ExecutionRecord, text: string): { done: Promise<DescribeExecutionOutput> } {
    const execution = new ExpressExecution({
      definition: this.#compile(record.definition, "EXPRESS"),
      input: JSON.parse(text) as Json,
      executionArn: record.arn,
      stateMachineArn: record.machineArn,
      name: record.name,
      roleArn: record.roleArn,
      taskInvoker: this.#invoker,
      clock: this.#clock,
      maxDurationMs: EXPRESS_MAX_DURATION_MS,
    });
    const entry = { execution, record: descriptionOf(record) };
    this.#express.set(record.arn, entry);
    if (this.#express.size > EXPRESS_KEPT) this.#express.delete(this.#express.keys().next().value!);
    const done = execution.run().then((result) => {
      entry.record = {
        ...entry.record,
        status: result.status,
        stopDate: result.stopDate,
        ...(result.output !== undefined && { output: JSON.stringify(result.output) }),
        ...(result.error !== undefined && { error: result.error }),
        ...(result.cause !== undefined && { cause: result.cause }),
      };
      return entry.record;
    });
    return { done };
  }

  /** Runs a STANDARD execution: a new one, or (`recovering`) one the journal says was running. */
  #launch(record: ExecutionRecord, recovering: boolean): void {
    if (this.#live.has(record.arn)) return;
    const machine = this.#compile(record.definition, "STANDARD");
    const context = { store: this.store, clock: this.#clock, invoker: this.#invoker, uuid: randomUUID };
    const events = recovering ? this.store.events(record.arn).length : 0;
    const runner = new StandardExecution(record, machine, context, recovering ? { checkpoints: this.store.checkpoints(record.arn), lastEventId: events } : undefined);
    const done = runner.run().then(
      (end) => {
        this.#live.delete(record.arn);
        return descriptionOf({ ...record, ...recordOfEnd(end) });
      },
      (error: unknown) => {
        this.#live.delete(record.arn);
        this.#warn(`Execution ${record.arn} stopped running: ${(error as Error).message}`);
        throw error;
      },
    );
    done.catch(() => {});
    this.#live.set(record.arn, { runner, done });
  }

  /** A poll that fails (the CLI holding the store's lock too long, say) leaves the requests for the next one. */
  #takeRequestsSafely(): void {
    this.#takeRequests().catch((error: unknown) => {
      this.#warn(`Could not take the Step Functions CLI's requests, trying again: ${(error as Error).message ?? error}`);
    });
  }

  async #takeRequests(): Promise<void> {
    if (this.#requestsBusy) return;
    this.#requestsBusy = true;
    try {
      for (const request of await this.store.takeRequests()) {
        const record = this.store.execution(request.arn);
        if (record?.status !== "RUNNING") continue;
        if (request.kind === "start") this.#launch(record, true);
        else {
          const stop = { error: request.error ?? undefined, cause: request.cause ?? undefined };
          const live = this.#live.get(request.arn);
          if (live) live.runner.stop(stop.error, stop.cause);
          else await this.#endUnrun(record, stop);
        }
      }
    } finally {
      this.#requestsBusy = false;
    }
  }

  /**
   * Stops an execution the running `outpost dev` runs: leaves it a stop request, then waits until
   * the execution has ended. A request no process takes means none runs the execution (no dev is
   * up): the execution is ended here, so no later dev resumes it.
   */
  async #stopElsewhere(input: { executionArn: string; error?: string; cause?: string }): Promise<{ stopDate: Date }> {
    const arn = input.executionArn;
    const seq = await this.store.request({ kind: "stop", arn, error: input.error ?? null, cause: input.cause ?? null });
    const requestedAt = this.#clock.now();
    let taken = false;
    while (this.#clock.now() - requestedAt < STOP_TAKES_MS) {
      const record = this.store.execution(arn)!;
      if (record.status !== "RUNNING") return { stopDate: new Date(record.stopDate!) };
      if (!taken && this.#clock.now() - requestedAt >= REQUEST_TAKEN_MS) {
        if (await this.#endUnrun(record, input, seq)) return { stopDate: new Date(this.store.execution(arn)!.stopDate!) };
        taken = true;
      }
      await this.#clock.sleep(STOP_POLL_MS);
    }
    return { stopDate: new Date(this.#clock.now()) };
  }

  /**
   * Ends a RUNNING STANDARD execution no runner runs as ABORTED (taking the stop request `seq`, if
   * given), with `ExecutionStarted` first when it never ran; false when that could not be.
   */
  #endUnrun(record: ExecutionRecord, stop: { error?: string; cause?: string }, seq?: number): Promise<boolean> {
    const now = this.#clock.now();
    const ended: Omit<RecordedEvent, "id" | "previousEventId">[] = [];
    const sink: EventSink = (type, detailsKey, details) => void ended.push({ type, detailsKey, details, timestamp: now });
    const started = { input: JSON.parse(record.input) as Json, roleArn: record.roleArn, stateMachineArn: record.machineArn };
    const ending = endExecution(sink, { status: "ABORTED", error: stop.error ?? "", cause: stop.cause ?? "" }, ABORTED_BRANCH);
    const events = (lastEventId: number) => {
      const all = lastEventId === 0 ? [{ type: "ExecutionStarted", detailsKey: "executionStartedEventDetails", details: started, timestamp: record.startDate }, ...ended] : ended;
      return all.map((event, i) => JSON.stringify(render({ ...event, id: lastEventId + i + 1, previousEventId: lastEventId + i })));
    };
    return this.store.endUnrun(record.arn, recordOfEnd({ ...ending, stopDate: now }), events, seq);
  }
}

function typeOf(type: string | undefined): MachineType {
  if (type === undefined || type === "STANDARD" || type === "EXPRESS") return type ?? "STANDARD";
  throw new SfnError("ValidationException", `1 validation error detected: Value '${type}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, EXPRESS]`);
}

function defaultRole(name: string): string {
  return `arn:aws:iam::000000000000:role/outpost-${name}`;
}
