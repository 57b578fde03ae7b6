import { randomUUID } from "node:crypto";
import type { Json, StateMachineDefinition } from "../definition-types.js";
import { enterState, resumeState } from "../state-machine-interpreter.js";
import { childScope, executionScope, type ExecutionStart, type Scope, type StateVisit } from "../state-environment.js";
import { StateMachine } from "../state-machine.js";
import type { BranchesRequest, BranchOutcome, SettledDecision, StepDecision, TaskRequest } from "../step-decision.js";
import { systemClock, type Clock } from "./clock.js";
import {
  ABORTED_BRANCH,
  BranchCancelled,
  endExecution,
  endMapIteration,
  failedBranch,
  runBranchPool,
  startTaskEvents,
  type EventSink,
} from "./execution-events.js";
import { HistoryRecorder, type HistoryEvent } from "./history-events.js";
import type { TaskInvoker } from "./task-invoker.js";
import { invokeTask } from "./timed-invocation.js";
import { ExecutionGuard, ExecutionStopped } from "./execution-guard.js";

/**
 * An execution's lifecycle: RUNNING until it ends in exactly one of the other states.
 * SUCCEEDED — the machine ended normally; FAILED — an unhandled error or a Fail state;
 * TIMED_OUT — the definition's `TimeoutSeconds` passed; ABORTED — `stop()` was called.
 */
export type ExecutionStatus = "RUNNING" | "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED";

export interface ExpressExecutionOptions extends Omit<ExecutionStart, "startTime"> {
  definition: StateMachineDefinition | StateMachine;
  taskInvoker: TaskInvoker;
  /** @default the system clock */
  clock?: Clock;
  /** Retry jitter. @default Math.random */
  random?: () => number;
  /** `States.UUID` and task tokens. @default crypto.randomUUID */
  uuid?: () => string;
  /** Record AWS-shaped history events. @default true */
  history?: boolean;
  /** Longest the execution may run, whatever its `TimeoutSeconds`: AWS ends EXPRESS executions at 5 minutes. @default no limit */
  maxDurationMs?: number;
}

export interface ExecutionResult {
  status: Exclude<ExecutionStatus, "RUNNING">;
  output?: Json;
  error?: string;
  cause?: string;
  startDate: Date;
  stopDate: Date;
}

/** Where a (sub-)machine run writes its events: its own chain of `previousEventId`s. */
interface Lane {
  last: number;
  /** A branch's: aborts when it is cancelled or the execution stops. The execution's own lane has none (`ExecutionGuard.checkRunning` covers it). */
  cancel?: AbortSignal;
}

/**
 * Runs a whole execution in memory (EXPRESS): drives `enterState`/`resumeState`, runs tasks
 * through the `TaskInvoker`, branches concurrently, waits on the clock, and records history.
 */
export class ExpressExecution {
  readonly #machine: StateMachine;
  readonly #options: ExpressExecutionOptions;
  readonly #clock: Clock;
  readonly #history: HistoryRecorder;
  readonly #startTime: number;
  readonly #guard: ExecutionGuard;
  #status: ExecutionStatus = "RUNNING";

  constructor(options: ExpressExecutionOptions) {
    this.#options = options;
    this.#machine = options.definition instanceof StateMachine ? options.definition : new StateMachine(options.definition);
    this.#clock = options.clock ?? systemClock;
    this.#history = new HistoryRecorder(options.history ?? true);
    this.#startTime = this.#clock.now();
    const timeout = this.#machine.definition.TimeoutSeconds;
    const byTimeout = timeout === undefined ? Infinity : this.#startTime + timeout * 1000;
    const byLimit = this.#startTime + (options.maxDurationMs ?? Infinity);
    this.#guard = new ExecutionGuard(
      this.#clock,
      byLimit < byTimeout
        ? { at: byLimit, cause: `The execution ran longer than the ${options.maxDurationMs! / 1000} seconds an EXPRESS execution may run` }
        : { at: byTimeout, cause: "The execution ran longer than its TimeoutSeconds" },
    );
  }

  get status(): ExecutionStatus {
    return this.#status;
  }

  /** The history so far, in `GetExecutionHistory`'s shapes. */
  history(): HistoryEvent[] {
    return this.#history.events();
  }

  /** Stops a running execution (StopExecution); it ends ABORTED. */
  stop(error = "", cause = ""): void {
    if (this.#status === "RUNNING") this.#guard.stop(error, cause);
  }

  /** Runs the execution to its end. Call once. */
  async run(): Promise<ExecutionResult> {
    if (this.#status !== "RUNNING" || this.#history.lastId > 0) throw new Error("An ExpressExecution runs once");
    const o = this.#options;
    const uuid = o.uuid ?? randomUUID;
    const scope = executionScope(
      { ...o, startTime: this.#startTime },
      { now: () => this.#clock.now(), random: o.random ?? Math.random, uuid, taskToken: uuid },
    );
    const lane: Lane = { last: 0 };
    this.#event(lane, "ExecutionStarted", "executionStartedEventDetails", {
      input: o.input,
      roleArn: o.roleArn ?? "",
      stateMachineArn: o.stateMachineArn,
    });
    let outcome: BranchOutcome;
    try {
      outcome = await this.#runMachine(this.#machine, o.input, scope, lane);
    } catch (e) {
      if (!(e instanceof ExecutionStopped)) throw e;
      outcome = { ok: false, error: "", cause: "" };
    }
    return this.#finish(lane, outcome);
  }

  #finish(lane: Lane, outcome: BranchOutcome): ExecutionResult {
    const ending = endExecution(this.#sink(lane), this.#guard.reason, outcome);
    this.#status = ending.status;
    return { ...ending, startDate: new Date(this.#startTime), stopDate: new Date(this.#clock.now()) };
  }

  #sink(lane: Lane): EventSink {
    return (type, detailsKey, details) => void this.#event(lane, type, detailsKey, details);
  }

  #event(lane: Lane, type: string, detailsKey?: string, details?: Record<string, unknown>): number {
    const id = this.#history.add(type, lane.last, this.#clock.now(), detailsKey, details);
    lane.last = id;
    return id;
  }

  /** Runs a (sub-)machine from its StartAt to its end. */
  async #runMachine(machine: StateMachine, input: Json, scope: Scope, lane: Lane): Promise<BranchOutcome> {
    let name = machine.startAt;
    let current = input;
    for (;;) {
      this.#guard.checkRunning();
      if (lane.cancel?.aborted) return ABORTED_BRANCH;
      const type = machine.state(name).Type;
      const enteredEventId = this.#event(lane, `${type}StateEntered`, "stateEnteredEventDetails", { name, input: current });
      const visit: StateVisit = { name, enteredTime: this.#clock.now(), enteredEventId, retryCount: 0 };
      const entered = enterState(machine, current, scope, visit);
      const first = entered instanceof Promise ? await entered : entered;
      let d: SettledDecision;
      if (first.type === "next" || first.type === "end" || first.type === "fail") d = first;
      else {
        try {
          d = await this.#settle(machine, current, scope, visit, first, lane);
        } catch (e) {
          if (!(e instanceof BranchCancelled)) throw e;
          this.#event(lane, `${type}StateAborted`);
          return ABORTED_BRANCH;
        }
      }
      if (d.type === "fail") return failedBranch(d);
      this.#event(lane, `${type}StateExited`, "stateExitedEventDetails", { name, output: d.output, assignedVariables: d.assigned });
      if (d.type === "end") return { ok: true, output: d.output };
      name = d.next;
      current = d.output;
    }
  }

  /** Carries a visit that needs the executor (its tasks, branches, retries and wait) on to its final decision. */
  async #settle(machine: StateMachine, input: Json, scope: Scope, visit: StateVisit, pending: StepDecision, lane: Lane): Promise<SettledDecision> {
    let d = pending;
    for (;;) {
      if (d.type === "task") d = await this.#runTask(machine, input, scope, visit, d.task, lane);
      else if (d.type === "branches") d = await this.#runBranches(machine, input, scope, visit, d.branches, lane);
      else if (d.type === "retry") {
        await this.#guard.sleepUntil(this.#clock.now() + d.delayMs, lane);
        visit.retryCount = d.retryCount;
        visit.taskToken = undefined;
        d = await enterState(machine, input, scope, visit);
      } else break;
    }
    if (d.type !== "wait") return d;
    await this.#guard.sleepUntil(d.until, lane);
    return d.next === null ? { type: "end", output: d.output, assigned: d.assigned } : { type: "next", next: d.next, output: d.output, assigned: d.assigned };
  }

  async #runTask(machine: StateMachine, input: Json, scope: Scope, visit: StateVisit, task: TaskRequest, lane: Lane): Promise<StepDecision> {
    const taskEnded = startTaskEvents(this.#sink(lane), task);
    const outcome = await invokeTask(this.#options.taskInvoker, task, this.#clock, this.#guard.signalOf(lane));
    this.#guard.checkLane(lane);
    taskEnded(outcome);
    return resumeState(machine, input, scope, visit, outcome);
  }

  async #runBranches(machine: StateMachine, input: Json, scope: Scope, visit: StateVisit, request: BranchesRequest, lane: Lane): Promise<StepDecision> {
    const isMap = request.kind === "map";
    if (isMap) this.#event(lane, "MapStateStarted", "mapStateStartedEventDetails", { length: request.branches.length });
    else this.#event(lane, "ParallelStateStarted");
    const outcomes = await runBranchPool(request, this.#guard.signalOf(lane), async (index, cancel) => {
      const branch = request.branches[index]!;
      const branchLane: Lane = { last: lane.last, cancel };
      const iteration = { name: visit.name, index };
      if (isMap) this.#event(branchLane, "MapIterationStarted", "mapIterationStartedEventDetails", iteration);
      const outcome = await this.#runMachine(branch.machine, branch.input, childScope(scope), branchLane);
      if (isMap) endMapIteration(this.#sink(branchLane), outcome, iteration);
      return outcome;
    });
    lane.last = this.#history.lastId;
    this.#guard.checkLane(lane);
    const d = await resumeState(machine, input, scope, visit, { branches: outcomes });
    const succeeded = (d.type === "next" && !d.caught) || d.type === "end";
    this.#event(lane, `${isMap ? "Map" : "Parallel"}State${succeeded ? "Succeeded" : "Failed"}`);
    return d;
  }
}
