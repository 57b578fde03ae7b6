import { StatesError, StatesErrors } from "../../errors.js";
import type { Json, StateDefinition } from "../definition-types.js";
import { WorkFailure, type StateContext } from "../state-context.js";
import { branchFailed, branchFailures, branchOutcomes, finishBranches } from "./branch-results.js";
import type { StateHandler } from "./state-handler.js";
import { numberField } from "./number-field.js";

/**
 * Map (inline): runs the item processor once per item of `ItemsPath`/`Items`, each item shaped by
 * `ItemSelector` (which sees `$$.Map.Item`). Results keep item order.
 */
export const mapState: StateHandler = {
  async enter(ctx) {
    const { state } = ctx;
    const effective = ctx.effectiveInput();
    const items = await itemsOf(ctx, effective);
    const processor = (state.ItemProcessor ?? state.Iterator)!;
    const machine = ctx.machine.nested(processor, state);
    const selector = state.ItemSelector ?? (ctx.jsonata ? undefined : state.Parameters);
    const branches = [];
    for (let index = 0; index < items.length; index++) {
      const value = items[index]!;
      const mapItem = { Index: index, Value: value };
      let input: Json = value;
      if (selector !== undefined) {
        const context = { ...ctx.contextObject, Map: { Item: mapItem } };
        input = ctx.limitInput(ctx.jsonata ? await ctx.evaluate(selector, "ItemSelector", { context }) : ctx.template(selector, effective, context));
      }
      branches.push({ machine, input, mapItem });
    }
    const maxConcurrency = (await numberField(ctx, "MaxConcurrency", state.MaxConcurrency, state.MaxConcurrencyPath, effective, { min: 0 })) ?? 0;
    const toleratedFailures = await toleratedFailureCount(ctx, state, effective, items.length);
    return { type: "branches", branches: { kind: "map", branches, maxConcurrency, toleratedFailures } };
  },
  async resume(ctx, outcome) {
    const outcomes = branchOutcomes(outcome);
    const failed = branchFailures(outcomes);
    if (failed.length > 0) {
      const tolerated = await toleratedFailureCount(ctx, ctx.state, ctx.effectiveInput(), outcomes.length);
      if (failed.length > tolerated) {
        if (!hasTolerance(ctx.state)) throw branchFailed(failed[0]!);
        throw new WorkFailure(StatesErrors.ExceedToleratedFailureThreshold, "The specified tolerated failure threshold for the Map state has been exceeded");
      }
    }
    return finishBranches(ctx, outcomes);
  },
};

async function itemsOf(ctx: StateContext, effective: Json): Promise<Json[]> {
  const { state } = ctx;
  let items: Json;
  if (ctx.jsonata) items = state.Items === undefined ? ctx.input : await ctx.evaluate(state.Items, "Items");
  else items = state.ItemsPath === undefined ? effective : ctx.path(state.ItemsPath, effective);
  if (!Array.isArray(items)) {
    throw new StatesError(
      ctx.jsonata ? StatesErrors.QueryEvaluationError : StatesErrors.Runtime,
      `The Map state's ${ctx.jsonata ? "Items" : "ItemsPath"} field does not resolve to a JSON array: ${JSON.stringify(items)}`,
    );
  }
  return items;
}

function hasTolerance(state: StateDefinition): boolean {
  return (
    state.ToleratedFailureCount !== undefined ||
    state.ToleratedFailureCountPath !== undefined ||
    state.ToleratedFailurePercentage !== undefined ||
    state.ToleratedFailurePercentagePath !== undefined
  );
}

/** How many failed items the state tolerates: the lower of the count and the percentage of `total`. */
async function toleratedFailureCount(ctx: StateContext, state: StateDefinition, effective: Json, total: number): Promise<number> {
  const count = await numberField(ctx, "ToleratedFailureCount", state.ToleratedFailureCount, state.ToleratedFailureCountPath, effective, { min: 0 });
  const percentage = await numberField(ctx, "ToleratedFailurePercentage", state.ToleratedFailurePercentage, state.ToleratedFailurePercentagePath, effective, { min: 0 });
  let tolerated = Infinity;
  if (count !== undefined) tolerated = count;
  if (percentage !== undefined) tolerated = Math.min(tolerated, Math.floor((percentage / 100) * total));
  return tolerated === Infinity ? 0 : tolerated;
}
