import { StatesError, StatesErrors } from "../../errors.js";
import type { Json } from "../definition-types.js";
import type { StateContext } from "../state-context.js";
import type { StateHandler } from "./state-handler.js";

/** Fail: stops the (sub-)machine with `Error`/`Cause` (or `ErrorPath`/`CausePath`, or JSONata). */
export const failState: StateHandler = {
  async enter(ctx) {
    const error = await field(ctx, "Error", ctx.state.Error, ctx.state.ErrorPath);
    const cause = await field(ctx, "Cause", ctx.state.Cause, ctx.state.CausePath);
    return { type: "fail", error: error ?? "", cause: cause ?? "" };
  },
};

async function field(ctx: StateContext, name: string, literal: string | undefined, path: string | undefined): Promise<string | undefined> {
  let value: Json | undefined = literal;
  if (ctx.jsonata && literal !== undefined) value = await ctx.evaluate(literal, name);
  else if (path !== undefined) value = ctx.pathOrIntrinsic(`${name}Path`, path, ctx.input);
  if (value !== undefined && typeof value !== "string") {
    throw new StatesError(StatesErrors.Runtime, `The value of the field '${name}' must be a string, got ${JSON.stringify(value)}`);
  }
  return value;
}
