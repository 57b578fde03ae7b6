import type { Json } from "../definition-types.js";
import type { StateContext } from "../state-context.js";
import type { StateOutcome, StepDecision } from "../step-decision.js";

/** Parallel and Map: the branch outputs, in order, become the state's result. */
export async function finishBranches(ctx: StateContext, outputs: Json[]): Promise<StepDecision> {
  return ctx.transition(await ctx.finish(outputs, { selector: true }));
}

export function branchOutcomes(outcome: StateOutcome) {
  if (!("branches" in outcome)) throw new Error("Parallel and Map states resume with branch outcomes");
  return outcome.branches;
}
