import type { Json } from "../definition-types.js";
import { TerminalFailure, WorkFailure, type StateContext } from "../state-context.js";
import type { BranchOutcome, StateOutcome, StepDecision } from "../step-decision.js";

type BranchFailure = Extract<BranchOutcome, { ok: false }>;

/** Parallel and Map: the branch outputs, in order, become the state's result; a failed (tolerated) Map item gives `{Error, Cause}`. */
export async function finishBranches(ctx: StateContext, outcomes: readonly BranchOutcome[]): Promise<StepDecision> {
  const outputs: Json[] = outcomes.map((o) => (o.ok ? o.output : { Error: o.error, Cause: o.cause }));
  return ctx.transition(await ctx.finish(outputs, { selector: true }));
}

export function branchOutcomes(outcome: StateOutcome) {
  if (!("branches" in outcome)) throw new Error("Parallel and Map states resume with branch outcomes");
  return outcome.branches;
}

/**
 * The branches that failed by themselves, in order; not those cancelled because another failed.
 * A terminal failure among them fails the state at once, past its Retry and Catch.
 */
export function branchFailures(outcomes: readonly BranchOutcome[]): BranchFailure[] {
  const failed = outcomes.filter((o): o is BranchFailure => !o.ok && !o.aborted);
  const terminal = failed.find((f) => f.terminal);
  if (terminal) throw new TerminalFailure(terminal.error, terminal.cause);
  return failed;
}

/** The state's failure for its first failed branch. */
export function branchFailed(failure: BranchFailure): WorkFailure {
  return new WorkFailure(failure.error, failure.cause);
}
