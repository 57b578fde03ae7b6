import { StatesError, StatesErrors } from "../../errors.js";
import type { Json } from "../definition-types.js";
import { parseTimestamp } from "../timestamp.js";
import type { StateHandler } from "./state-handler.js";

/** Wait: computes the wake-up time from Seconds/Timestamp (or their Path forms); the executor waits. */
export const waitState: StateHandler = {
  async enter(ctx) {
    const { state } = ctx;
    const effective = ctx.effectiveInput();
    let seconds: Json | undefined = state.Seconds;
    let timestamp: Json | undefined = state.Timestamp;
    if (ctx.jsonata) {
      if (seconds !== undefined) seconds = await ctx.evaluate(seconds, "Seconds");
      if (timestamp !== undefined) timestamp = await ctx.evaluate(timestamp, "Timestamp");
    } else {
      if (state.SecondsPath !== undefined) seconds = ctx.path(state.SecondsPath, effective);
      if (state.TimestampPath !== undefined) timestamp = ctx.path(state.TimestampPath, effective);
    }
    let until: number;
    if (seconds !== undefined) {
      if (typeof seconds !== "number" || !Number.isInteger(seconds) || seconds < 0) {
        throw new StatesError(StatesErrors.Runtime, `The value of the field 'Seconds' must be a non-negative integer, got ${JSON.stringify(seconds)}`);
      }
      until = ctx.scope.services.now() + seconds * 1000;
    } else {
      const ms = parseTimestamp(timestamp);
      if (ms === null) {
        throw new StatesError(StatesErrors.Runtime, `The value of the field 'Timestamp' must be an RFC 3339 timestamp, got ${JSON.stringify(timestamp)}`);
      }
      until = ms;
    }
    const result = await ctx.finish(effective, { resultPath: false });
    return { type: "wait", until, next: state.Next ?? null, ...result };
  },
};
