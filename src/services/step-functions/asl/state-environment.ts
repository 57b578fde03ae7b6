import type { Json, JsonObject } from "./definition-types.js";

/** The parts of the context object (`$$`) fixed for a whole execution. */
export interface ExecutionContext {
  Id: string;
  Name: string;
  Input: Json;
  /** ISO 8601. */
  StartTime: string;
  RoleArn: string;
  RedriveCount: number;
}

export interface StateMachineContext {
  Id: string;
  Name: string;
}

/** Randomness and time the interpreter draws on; injected so tests are deterministic. */
export interface InterpreterServices {
  /** Epoch milliseconds. */
  now(): number;
  /** Uniform in [0, 1): retry jitter. */
  random(): number;
  uuid(): string;
  /** A fresh token for `.waitForTaskToken` tasks. */
  taskToken(): string;
}

/**
 * Mutable state of one running (sub-)machine: the top-level execution, or one Parallel branch
 * or Map iteration. Branches get a copy of their parent's variables; what they assign stays in
 * the branch.
 */
export interface Scope {
  execution: ExecutionContext;
  stateMachine: StateMachineContext;
  variables: Record<string, Json>;
  /** Retries made per state name and retrier index, kept across visits of a state. */
  retryCounters: Map<string, number[]>;
  services: InterpreterServices;
}

/** One visit of a state: what `$$.State` and `$$.Task` show. */
export interface StateVisit {
  name: string;
  /** Epoch milliseconds. */
  enteredTime: number;
  /** The id of the `…StateEntered` history event, quoted in runtime error causes. */
  enteredEventId: number;
  /** Retries made so far in this visit. */
  retryCount: number;
  taskToken?: string;
}

export function childScope(parent: Scope): Scope {
  return { ...parent, variables: { ...parent.variables }, retryCounters: new Map() };
}

/** Builds the context object a state sees. */
export function contextObject(scope: Scope, visit: StateVisit): JsonObject {
  const ctx: JsonObject = {
    Execution: { ...scope.execution },
    State: { Name: visit.name, EnteredTime: new Date(visit.enteredTime).toISOString(), RetryCount: visit.retryCount },
    StateMachine: { ...scope.stateMachine },
  };
  if (visit.taskToken !== undefined) ctx.Task = { Token: visit.taskToken };
  return ctx;
}

/** What an executor knows when an execution starts. */
export interface ExecutionStart {
  executionArn: string;
  /** @default the last `:`-separated part of `executionArn` */
  name?: string;
  input: Json;
  /** Epoch milliseconds. */
  startTime: number;
  roleArn?: string;
  stateMachineArn: string;
  /** @default the last `:`-separated part of `stateMachineArn` */
  stateMachineName?: string;
}

/** The top-level scope of a new execution: no variables, no retries yet. */
export function executionScope(start: ExecutionStart, services: InterpreterServices): Scope {
  const lastPart = (arn: string) => arn.slice(arn.lastIndexOf(":") + 1);
  return {
    execution: {
      Id: start.executionArn,
      Name: start.name ?? lastPart(start.executionArn),
      Input: start.input,
      StartTime: new Date(start.startTime).toISOString(),
      RoleArn: start.roleArn ?? "",
      RedriveCount: 0,
    },
    stateMachine: { Id: start.stateMachineArn, Name: start.stateMachineName ?? lastPart(start.stateMachineArn) },
    variables: {},
    retryCounters: new Map(),
    services,
  };
}
