import type { Json } from "../definition-types.js";
import { branchFailed, branchFailures, branchOutcomes, finishBranches } from "./branch-results.js";
import type { StateHandler } from "./state-handler.js";

/** Parallel: every branch gets the same input; the first failing branch fails the state with its error. */
export const parallelState: StateHandler = {
  async enter(ctx) {
    const { state } = ctx;
    const effective = ctx.effectiveInput();
    let input: Json;
    if (ctx.jsonata) input = state.Arguments === undefined ? ctx.input : await ctx.evaluate(state.Arguments, "Arguments");
    else input = state.Parameters === undefined ? effective : ctx.template(state.Parameters, effective);
    ctx.limitInput(input);
    const branches = state.Branches!.map((b) => ({ machine: ctx.machine.nested(b, state), input }));
    return { type: "branches", branches: { kind: "parallel", branches, maxConcurrency: 0, toleratedFailures: 0 } };
  },
  async resume(ctx, outcome) {
    const outcomes = branchOutcomes(outcome);
    const [failed] = branchFailures(outcomes);
    if (failed) throw branchFailed(failed);
    return finishBranches(ctx, outcomes);
  },
};
