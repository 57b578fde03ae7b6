import type { StateHandler } from "./state-handler.js";

/** Succeed: ends the (sub-)machine with its input, filtered by `OutputPath` or `Output`. */
export const succeedState: StateHandler = {
  async enter(ctx) {
    const result = await ctx.finish(ctx.effectiveInput(), { resultPath: false });
    return { type: "end", ...result };
  },
};
