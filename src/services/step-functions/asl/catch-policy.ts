import type { Catcher, JsonObject } from "./definition-types.js";
import { errorMatches } from "./retry-policy.js";

/** The first catcher, in definition order, whose `ErrorEquals` matches. */
export function findCatcher(catchers: readonly Catcher[] | undefined, error: string): Catcher | undefined {
  return catchers?.find((c) => errorMatches(c.ErrorEquals, error));
}

/** The error output a catcher hands on: `{Error, Cause}`. */
export function errorOutput(error: string, cause: string): JsonObject {
  return { Error: error, Cause: cause };
}
