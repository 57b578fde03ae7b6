import { StatesError, StatesErrors } from "../../errors.js";
import type { Json } from "../definition-types.js";
import type { StateContext } from "../state-context.js";

/**
 * A numeric field with its `…Path` form (JSONPath) or a JSONata expression:
 * `TimeoutSeconds`, `HeartbeatSeconds`, `MaxConcurrency`, the tolerated-failure fields.
 */
export async function numberField(
  ctx: StateContext,
  name: string,
  value: number | string | undefined,
  path: string | undefined,
  effectiveInput: Json,
  { min }: { min: number },
): Promise<number | undefined> {
  let v: Json | undefined = value;
  if (ctx.jsonata && typeof value === "string") v = await ctx.evaluate(value, name);
  else if (!ctx.jsonata && path !== undefined) v = ctx.path(path, effectiveInput);
  if (v === undefined) return undefined;
  if (typeof v !== "number" || v < min || (name !== "ToleratedFailurePercentage" && !Number.isInteger(v))) {
    throw new StatesError(StatesErrors.Runtime, `The value of the field '${name}' must be a number of at least ${min}, got ${JSON.stringify(v)}`);
  }
  return v;
}
