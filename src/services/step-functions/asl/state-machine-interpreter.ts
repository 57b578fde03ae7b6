import { StatesError } from "../errors.js";
import { errorOutput, findCatcher } from "./catch-policy.js";
import type { Json, JsonObject, StateType } from "./definition-types.js";
import { decideRetry } from "./retry-policy.js";
import { fitsPayloadLimit, resultTooLarge } from "./payload-limit.js";
import { StateContext, TerminalFailure, WorkFailure } from "./state-context.js";
import type { Scope, StateVisit } from "./state-environment.js";
import type { StateMachine } from "./state-machine.js";
import { choiceState } from "./states/choice.js";
import { failState } from "./states/fail.js";
import { mapState } from "./states/map.js";
import { parallelState } from "./states/parallel.js";
import { passState } from "./states/pass.js";
import type { StateHandler } from "./states/state-handler.js";
import { succeedState } from "./states/succeed.js";
import { taskState } from "./states/task.js";
import { waitState } from "./states/wait.js";
import type { StateOutcome, StepDecision } from "./step-decision.js";

const HANDLERS: Record<StateType, StateHandler> = {
  Pass: passState,
  Task: taskState,
  Choice: choiceState,
  Wait: waitState,
  Succeed: succeedState,
  Fail: failState,
  Parallel: parallelState,
  Map: mapState,
};

/**
 * Runs one visit of state `visit.name` on `input` until it decides (see `StepDecision`). Pure
 * apart from `scope` (variables, retry counters), so a durable executor can journal each decision.
 */
export function enterState(machine: StateMachine, input: Json, scope: Scope, visit: StateVisit): StepDecision | Promise<StepDecision> {
  const ctx = new StateContext(machine, machine.state(visit.name), input, scope, visit);
  try {
    const decision = HANDLERS[ctx.state.Type].enter(ctx);
    return decision instanceof Promise ? decision.catch((e: unknown) => onError(ctx, e)).then((d) => limitOutput(ctx, d)) : limitOutput(ctx, decision);
  } catch (e) {
    return onError(ctx, e).then((d) => limitOutput(ctx, d));
  }
}

/** Continues a visit that asked for a task or branches, with what the executor got. */
export function resumeState(machine: StateMachine, input: Json, scope: Scope, visit: StateVisit, outcome: StateOutcome): Promise<StepDecision> {
  const ctx = new StateContext(machine, machine.state(visit.name), input, scope, visit);
  const decided =
    "ok" in outcome && !outcome.ok ? handleError(ctx, new WorkFailure(outcome.error, outcome.cause)) : resumeHandler(ctx).resume!(ctx, outcome).catch((e: unknown) => onError(ctx, e));
  return decided.then((d) => limitOutput(ctx, d));
}

function resumeHandler(ctx: StateContext): StateHandler {
  const handler = HANDLERS[ctx.state.Type];
  if (!handler.resume) throw new Error(`${ctx.state.Type} states do not resume`);
  return handler;
}

/**
 * A decision whose output is over the payload limit fails the state with `States.DataLimitExceeded`,
 * past its Retry and Catch. An output that is the state's input unchanged was measured already.
 */
function limitOutput(ctx: StateContext, d: StepDecision): StepDecision {
  if ((d.type === "next" || d.type === "end" || d.type === "wait") && d.output !== ctx.input && !fitsPayloadLimit(d.output)) {
    return { type: "fail", ...resultTooLarge(ctx.visit.name), terminal: true };
  }
  return d;
}

async function onError(ctx: StateContext, e: unknown): Promise<StepDecision> {
  if (e instanceof TerminalFailure) return { type: "fail", error: e.error, cause: e.cause, terminal: true };
  if (e instanceof WorkFailure) return handleError(ctx, e);
  if (e instanceof StatesError) return handleError(ctx, ctx.located(e));
  throw e;
}

/** Retry (first matching retrier with attempts left), else Catch (first matching catcher), else fail. */
async function handleError(ctx: StateContext, failure: StatesError): Promise<StepDecision> {
  const { state, scope, visit } = ctx;
  const { error, cause } = failure;
  if (state.Retry) {
    let counters = scope.retryCounters.get(visit.name);
    if (!counters) scope.retryCounters.set(visit.name, (counters = []));
    const retry = decideRetry(state.Retry, error, counters, scope.services.random);
    if (retry) return { type: "retry", delayMs: retry.delayMs, retryCount: visit.retryCount + 1, error, cause };
  }
  const catcher = findCatcher(state.Catch, error);
  if (!catcher) return { type: "fail", error, cause };
  const errorOut = errorOutput(error, cause);
  try {
    let output: Json;
    let assigned: JsonObject | undefined;
    if (ctx.jsonata) {
      output = catcher.Output === undefined ? errorOut : await ctx.evaluate(catcher.Output, "Output", { errorOutput: errorOut });
      if (catcher.Assign) assigned = (await ctx.evaluate(catcher.Assign, "Assign", { errorOutput: errorOut })) as JsonObject;
    } else {
      if (catcher.Assign) assigned = ctx.template(catcher.Assign, errorOut) as JsonObject;
      output = ctx.applyResultPath(catcher.ResultPath, errorOut);
    }
    if (assigned) ctx.assign(assigned);
    return { type: "next", next: catcher.Next, output, ...(assigned ? { assigned } : {}), caught: { error, cause } };
  } catch (e) {
    if (e instanceof StatesError) {
      const located = ctx.located(e);
      return { type: "fail", error: located.error, cause: located.cause };
    }
    throw e;
  }
}
