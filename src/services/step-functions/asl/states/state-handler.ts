import type { StateContext } from "../state-context.js";
import type { StateOutcome, StepDecision } from "../step-decision.js";

/**
 * The behaviour of one state type. `enter` runs the visit until it finishes or needs the
 * executor (a task, branches, a wait); `resume` continues with the executor's successful outcome.
 * Both throw `StatesError` for processing failures and `WorkFailure` for failures of the work.
 */
export interface StateHandler {
  /** May answer synchronously: Pass chains in JSONPath mode never touch the microtask queue. */
  enter(ctx: StateContext): StepDecision | Promise<StepDecision>;
  resume?(ctx: StateContext, outcome: StateOutcome): Promise<StepDecision>;
}
