import { StatesError, StatesErrors } from "../../errors.js";
import { compileChoiceRule } from "../choice-rules.js";
import type { ChoiceRule, JsonObject } from "../definition-types.js";
import type { StateContext, StateResult } from "../state-context.js";
import type { StateHandler } from "./state-handler.js";

/** Choice: the first matching rule's `Next`, else `Default`, else `States.NoChoiceMatched`. */
export const choiceState: StateHandler = {
  async enter(ctx) {
    const { state } = ctx;
    const effective = ctx.effectiveInput();
    let matched: ChoiceRule | undefined;
    if (ctx.jsonata) {
      for (const rule of state.Choices!) {
        const condition = await ctx.evaluate(rule.Condition, "Condition");
        if (typeof condition !== "boolean") {
          throw new StatesError(StatesErrors.QueryEvaluationError, `The Condition of a Choice rule must evaluate to a boolean, got ${JSON.stringify(condition)}`);
        }
        if (condition) {
          matched = rule;
          break;
        }
      }
    } else {
      const roots = ctx.roots(effective);
      matched = state.Choices!.find((rule) => compileChoiceRule(rule)(roots));
    }
    const next = matched?.Next ?? state.Default;
    if (next === undefined) throw new StatesError(StatesErrors.NoChoiceMatched, "No Matches!");
    const result = await output(ctx, matched);
    return { type: "next", next, ...result };
  },
};

/** The state's output stage, with the matched rule's `Output`/`Assign` taking precedence. */
async function output(ctx: StateContext, rule: ChoiceRule | undefined): Promise<StateResult> {
  if (!rule || (rule.Assign === undefined && rule.Output === undefined)) return ctx.finish(ctx.effectiveInput(), { resultPath: false });
  const { state } = ctx;
  let out: StateResult;
  if (ctx.jsonata) {
    const outputField = rule.Output ?? state.Output;
    const assign = rule.Assign ?? state.Assign;
    out = { output: outputField === undefined ? ctx.input : await ctx.evaluate(outputField, "Output") };
    if (assign) out.assigned = (await ctx.evaluate(assign, "Assign")) as JsonObject;
  } else {
    const effective = ctx.effectiveInput();
    out = { output: ctx.applyOutputPath(effective) };
    const assign = { ...state.Assign, ...rule.Assign };
    out.assigned = ctx.template(assign, effective) as JsonObject;
  }
  if (out.assigned) ctx.assign(out.assigned);
  return out;
}
