import type { StateResult } from "../state-context.js";
import type { StateHandler } from "./state-handler.js";

/** Pass: output its input, `Result`, or the `Parameters` template, through the output stage. */
export const passState: StateHandler = {
  enter(ctx) {
    const { state } = ctx;
    if (ctx.jsonata) return Promise.resolve(ctx.finish(ctx.input)).then((r) => ctx.transition(r));
    const effective = ctx.effectiveInput();
    const result = state.Result !== undefined ? state.Result : state.Parameters !== undefined ? ctx.template(state.Parameters, effective) : effective;
    return ctx.transition(ctx.finish(result) as StateResult);
  },
};
