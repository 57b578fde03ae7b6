import type { Json } from "../asl/definition-types.js";
import type { Clock } from "../asl/execution/clock.js";
import {
  ABORTED_BRANCH,
  BranchCancelled,
  endExecution,
  endMapIteration,
  failedBranch,
  runBranchPool,
  startTaskEvents,
  type EventSink,
} from "../asl/execution/execution-events.js";
import { ExecutionGuard, ExecutionStopped } from "../asl/execution/execution-guard.js";
import { render } from "../asl/execution/history-events.js";
import type { TaskInvoker } from "../asl/execution/task-invoker.js";
import { invokeTask } from "../asl/execution/timed-invocation.js";
import { enterState, resumeState } from "../asl/state-machine-interpreter.js";
import { childScope, executionScope, type Scope, type StateVisit } from "../asl/state-environment.js";
import type { StateMachine } from "../asl/state-machine.js";
import type { BranchesRequest, BranchOutcome, SettledDecision, StateOutcome, StepDecision, TaskRequest } from "../asl/step-decision.js";
import type { ExecutionRecord, ExecutionStatus, LaneCheckpoint, SfnStore } from "./sfn-store.js";

export interface RunnerContext {
  store: SfnStore;
  clock: Clock;
  invoker: TaskInvoker;
  uuid: () => string;
}

/** How an execution ended. */
export interface ExecutionEnd {
  status: Exclude<ExecutionStatus, "RUNNING">;
  output?: Json;
  error?: string;
  cause?: string;
  stopDate: number;
}

/** The execution record's fields for how it ended. */
export function recordOfEnd(end: ExecutionEnd): Pick<ExecutionRecord, "status" | "output" | "error" | "cause" | "stopDate"> {
  return {
    status: end.status,
    output: end.output === undefined ? null : JSON.stringify(end.output),
    error: end.error ?? null,
    cause: end.cause ?? null,
    stopDate: end.stopDate,
  };
}

/** A (sub-)machine run writing its own chain of events and its own checkpoint. */
interface Lane {
  id: string;
  last: number;
  /** A branch's: aborts when it is cancelled or the execution stops. The execution's own lane has none (`ExecutionGuard.checkRunning` covers it). */
  cancel?: AbortSignal;
}

/**
 * Where a lane had got to, enough to carry on from there after a restart:
 * `enter` — the state was entered (its event written) and is to be run;
 * `outcome` — its task or branches ended with `outcome`, to be resumed with it;
 * `wait` — a Wait state sleeps until `decision.until`; `retry` — a retrier sleeps until `until`;
 * `done` — a branch ended with `outcome`.
 */
interface Checkpoint {
  phase: "enter" | "outcome" | "wait" | "retry" | "done";
  state: string;
  input: Json;
  variables: Record<string, Json>;
  retries: [string, number[]][];
  visit: StateVisit;
  last: number;
  outcome?: StateOutcome | BranchOutcome;
  decision?: Extract<StepDecision, { type: "wait" }>;
  until?: number;
  retryCount?: number;
}

/**
 * Runs a STANDARD execution durably. Every event and each lane's checkpoint go to the store's
 * journal, which commits what consecutive synchronous transitions wrote in one transaction; the
 * runner waits for durability only where the outside world is touched: before a task is invoked,
 * once its outcome is known, before a wait, and at the end. A new runner over the journal
 * (`recovered`) carries on from each lane's checkpoint, so a task that completed is never invoked
 * again; one that was in flight at a crash is (at least once).
 */
export class StandardExecution {
  readonly #record: ExecutionRecord;
  readonly #machine: StateMachine;
  readonly #ctx: RunnerContext;
  readonly #recovered: Map<string, LaneCheckpoint>;
  readonly #guard: ExecutionGuard;
  #lastId: number;

  constructor(record: ExecutionRecord, machine: StateMachine, ctx: RunnerContext, recovered?: { checkpoints: Map<string, LaneCheckpoint>; lastEventId: number }) {
    this.#record = record;
    this.#machine = machine;
    this.#ctx = ctx;
    this.#recovered = recovered?.checkpoints ?? new Map();
    this.#lastId = recovered?.lastEventId ?? 0;
    const timeout = machine.definition.TimeoutSeconds;
    this.#guard = new ExecutionGuard(ctx.clock, {
      at: timeout === undefined ? Infinity : record.startDate + timeout * 1000,
      cause: "The execution ran longer than its TimeoutSeconds",
    });
  }

  stop(error = "", cause = ""): void {
    this.#guard.stop(error, cause);
  }

  async run(): Promise<ExecutionEnd> {
    const r = this.#record;
    const { clock, uuid } = this.#ctx;
    const input = JSON.parse(r.input) as Json;
    const scope = executionScope(
      { executionArn: r.arn, name: r.name, input, startTime: r.startDate, roleArn: r.roleArn, stateMachineArn: r.machineArn },
      { now: () => clock.now(), random: Math.random, uuid, taskToken: uuid },
    );
    const lane: Lane = { id: "", last: 0 };
    if (this.#lastId === 0) this.#event(lane, "ExecutionStarted", "executionStartedEventDetails", { input, roleArn: r.roleArn, stateMachineArn: r.machineArn });
    let outcome: BranchOutcome;
    try {
      outcome = await this.#runLane(this.#machine, input, scope, lane);
    } catch (e) {
      if (!(e instanceof ExecutionStopped)) throw e;
      outcome = { ok: false, error: "", cause: "" };
    }
    const end = this.#end(lane, outcome);
    this.#ctx.store.finish(r.arn, recordOfEnd(end));
    await this.#ctx.store.flush();
    return end;
  }

  #end(lane: Lane, outcome: BranchOutcome): ExecutionEnd {
    return { ...endExecution(this.#sink(lane), this.#guard.reason, outcome), stopDate: this.#ctx.clock.now() };
  }

  #sink(lane: Lane): EventSink {
    return (type, detailsKey, details) => void this.#event(lane, type, detailsKey, details);
  }

  #event(lane: Lane, type: string, detailsKey?: string, details?: Record<string, unknown>): number {
    const event = { id: ++this.#lastId, previousEventId: lane.last, timestamp: this.#ctx.clock.now(), type, detailsKey, details };
    this.#ctx.store.appendEvent(this.#record.arn, event.id, () => JSON.stringify(render(event)));
    lane.last = event.id;
    return event.id;
  }

  #checkpoint(lane: Lane, phase: Checkpoint["phase"], state: string, input: Json, scope: Scope, visit: StateVisit, extra: Partial<Checkpoint> = {}): void {
    const value: Checkpoint = {
      phase,
      state,
      input,
      variables: Object.keys(scope.variables).length === 0 ? {} : { ...scope.variables },
      retries: [...scope.retryCounters].map(([state, counts]) => [state, [...counts]]),
      visit: { ...visit },
      last: lane.last,
      ...extra,
    };
    this.#ctx.store.checkpoint(this.#record.arn, lane.id, value as unknown as LaneCheckpoint);
  }

  /** The checkpoint a recovered lane carries on from, taken once. */
  #takeCheckpoint(id: string): Checkpoint | undefined {
    const found = this.#recovered.get(id) as Checkpoint | undefined;
    this.#recovered.delete(id);
    return found;
  }

  /** Runs a (sub-)machine from its StartAt, or from its lane's checkpoint, to its end. */
  async #runLane(machine: StateMachine, input: Json, scope: Scope, lane: Lane): Promise<BranchOutcome> {
    const { store, clock } = this.#ctx;
    let resumed = this.#takeCheckpoint(lane.id);
    let name = resumed?.state ?? machine.startAt;
    let current = resumed?.input ?? input;
    for (;;) {
      this.#guard.checkRunning();
      if (lane.cancel?.aborted) return this.#laneDone(lane, ABORTED_BRANCH);
      const type = machine.state(name).Type;
      let visit: StateVisit;
      let d: SettledDecision;
      try {
        let pending: StepDecision;
        if (resumed) {
          scope.variables = resumed.variables;
          scope.retryCounters = new Map(resumed.retries);
          lane.last = resumed.last;
          visit = resumed.visit;
          pending = await this.#resume(machine, current, scope, visit, resumed, lane);
        } else {
          const enteredEventId = this.#event(lane, `${type}StateEntered`, "stateEnteredEventDetails", { name, input: current });
          visit = { name, enteredTime: clock.now(), enteredEventId, retryCount: 0 };
          this.#checkpoint(lane, "enter", name, current, scope, visit);
          const entered = enterState(machine, current, scope, visit);
          pending = entered instanceof Promise ? await entered : entered;
        }
        const fresh = resumed === undefined;
        resumed = undefined;
        while (pending.type === "task" || pending.type === "branches" || pending.type === "retry" || pending.type === "wait") {
          if (pending.type === "task") pending = await this.#runTask(machine, current, scope, visit, pending.task, lane);
          else if (pending.type === "branches") pending = await this.#runBranches(machine, current, scope, visit, pending.branches, lane, fresh);
          else if (pending.type === "retry") {
            const until = clock.now() + pending.delayMs;
            this.#checkpoint(lane, "retry", name, current, scope, visit, { until, retryCount: pending.retryCount });
            await store.flush();
            pending = await this.#retry(machine, current, scope, visit, until, pending.retryCount, lane);
          } else {
            this.#checkpoint(lane, "wait", name, current, scope, visit, { decision: pending });
            await store.flush();
            pending = await this.#wait(pending, lane);
          }
        }
        d = pending;
      } catch (e) {
        if (!(e instanceof BranchCancelled)) throw e;
        this.#event(lane, `${type}StateAborted`);
        return this.#laneDone(lane, ABORTED_BRANCH);
      }
      if (d.type === "fail") return this.#laneDone(lane, failedBranch(d));
      this.#event(lane, `${type}StateExited`, "stateExitedEventDetails", { name, output: d.output, assignedVariables: d.assigned });
      if (d.type === "end") return this.#laneDone(lane, { ok: true, output: d.output });
      name = d.next;
      current = d.output;
    }
  }

  #laneDone(lane: Lane, outcome: BranchOutcome): BranchOutcome {
    if (lane.id !== "") this.#ctx.store.checkpoint(this.#record.arn, lane.id, { phase: "done", outcome } as unknown as LaneCheckpoint);
    return outcome;
  }

  /** The decision a recovered state carries on with. */
  async #resume(machine: StateMachine, input: Json, scope: Scope, visit: StateVisit, at: Checkpoint, lane: Lane): Promise<StepDecision> {
    switch (at.phase) {
      case "outcome":
        return resumeState(machine, input, scope, visit, at.outcome as StateOutcome);
      case "wait":
        return this.#wait(at.decision!, lane);
      case "retry":
        return this.#retry(machine, input, scope, visit, at.until!, at.retryCount!, lane);
      default:
        return enterState(machine, input, scope, visit);
    }
  }

  async #wait(d: Extract<StepDecision, { type: "wait" }>, lane: Lane): Promise<StepDecision> {
    await this.#guard.sleepUntil(d.until, lane);
    return d.next === null ? { type: "end", output: d.output, assigned: d.assigned } : { type: "next", next: d.next, output: d.output, assigned: d.assigned };
  }

  async #retry(machine: StateMachine, input: Json, scope: Scope, visit: StateVisit, until: number, retryCount: number, lane: Lane): Promise<StepDecision> {
    await this.#guard.sleepUntil(until, lane);
    visit.retryCount = retryCount;
    visit.taskToken = undefined;
    return enterState(machine, input, scope, visit);
  }

  async #runTask(machine: StateMachine, input: Json, scope: Scope, visit: StateVisit, task: TaskRequest, lane: Lane): Promise<StepDecision> {
    const taskEnded = startTaskEvents(this.#sink(lane), task);
    this.#checkpoint(lane, "enter", visit.name, input, scope, visit);
    await this.#ctx.store.flush();
    this.#guard.checkLane(lane);
    const outcome = await invokeTask(this.#ctx.invoker, task, this.#ctx.clock, this.#guard.signalOf(lane));
    this.#guard.checkLane(lane);
    taskEnded(outcome);
    this.#checkpoint(lane, "outcome", visit.name, input, scope, visit, { outcome });
    await this.#ctx.store.flush();
    return resumeState(machine, input, scope, visit, outcome);
  }

  async #runBranches(
    machine: StateMachine,
    input: Json,
    scope: Scope,
    visit: StateVisit,
    request: BranchesRequest,
    lane: Lane,
    fresh: boolean,
  ): Promise<StepDecision> {
    const isMap = request.kind === "map";
    if (fresh) {
      if (isMap) this.#event(lane, "MapStateStarted", "mapStateStartedEventDetails", { length: request.branches.length });
      else this.#event(lane, "ParallelStateStarted");
    }
    const outcomes = await runBranchPool(request, this.#guard.signalOf(lane), async (index, cancel) => {
      const branch = request.branches[index]!;
      const branchLane: Lane = { id: `${lane.id}/${visit.enteredEventId}.${index}`, last: lane.last, cancel };
      const prior = this.#recovered.get(branchLane.id) as Checkpoint | undefined;
      if (prior?.phase === "done") {
        this.#recovered.delete(branchLane.id);
        return prior.outcome as BranchOutcome;
      }
      const iteration = { name: visit.name, index };
      if (isMap && prior === undefined) this.#event(branchLane, "MapIterationStarted", "mapIterationStartedEventDetails", iteration);
      const outcome = await this.#runLane(branch.machine, branch.input, childScope(scope), branchLane);
      if (isMap) endMapIteration(this.#sink(branchLane), outcome, iteration);
      return outcome;
    });
    lane.last = this.#lastId;
    this.#guard.checkLane(lane);
    const outcome = { branches: outcomes };
    this.#checkpoint(lane, "outcome", visit.name, input, scope, visit, { outcome });
    const d = await resumeState(machine, input, scope, visit, outcome);
    const succeeded = (d.type === "next" && !d.caught) || d.type === "end";
    this.#event(lane, `${isMap ? "Map" : "Parallel"}State${succeeded ? "Succeeded" : "Failed"}`);
    return d;
  }
}
