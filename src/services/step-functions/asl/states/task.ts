import type { Json } from "../definition-types.js";
import type { StateHandler } from "./state-handler.js";
import { numberField } from "./number-field.js";

/** Resources with this suffix pause until SendTaskSuccess/Failure with `$$.Task.Token`. */
export const WAIT_FOR_TASK_TOKEN = ".waitForTaskToken";

/** Task: prepares the resource call for the executor, then runs the output stage on its result. */
export const taskState: StateHandler = {
  async enter(ctx) {
    const { state, visit } = ctx;
    const resource = state.Resource!;
    if (resource.endsWith(WAIT_FOR_TASK_TOKEN)) visit.taskToken ??= ctx.scope.services.taskToken();
    const effective = ctx.effectiveInput();
    let input: Json;
    if (ctx.jsonata) input = state.Arguments === undefined ? ctx.input : await ctx.evaluate(state.Arguments, "Arguments");
    else input = state.Parameters === undefined ? effective : ctx.template(state.Parameters, effective);
    ctx.limitInput(input);
    const timeoutSeconds = await numberField(ctx, "TimeoutSeconds", state.TimeoutSeconds, state.TimeoutSecondsPath, effective, { min: 1 });
    const heartbeatSeconds = await numberField(ctx, "HeartbeatSeconds", state.HeartbeatSeconds, state.HeartbeatSecondsPath, effective, { min: 1 });
    return {
      type: "task",
      task: { resource, input, taskToken: visit.taskToken, timeoutSeconds, heartbeatSeconds, context: ctx.contextObject },
    };
  },
  async resume(ctx, outcome) {
    const result = "result" in outcome ? outcome.result : null;
    return ctx.transition(await ctx.finish(result, { selector: true }));
  },
};
