import { StatesErrors } from "../errors.js";
import type { Json } from "./definition-types.js";

/** AWS's quota on an execution's input, a state's input and output and a task's result: 256 KiB of JSON text in UTF-8. */
export const MAX_PAYLOAD_BYTES = 262_144;

/** At most this many UTF-8 bytes of JSON text per UTF-16 code unit of a string: an escape such as `\u001f`. */
const MAX_BYTES_PER_CODE_UNIT = 6;
/** The longest JSON text of a number, such as `-2.2250738585072014e-308`. */
const MAX_NUMBER_BYTES = 24;

/**
 * Whether `value` as JSON text fits in `MAX_PAYLOAD_BYTES` bytes of UTF-8. A walk bounding its
 * size from above answers for nearly every payload without serializing it; only a payload whose
 * bound passes the limit is serialized and measured exactly.
 */
export function fitsPayloadLimit(value: Json): boolean {
  return sizeBound(value, MAX_PAYLOAD_BYTES) <= MAX_PAYLOAD_BYTES || Buffer.byteLength(JSON.stringify(value)) <= MAX_PAYLOAD_BYTES;
}

/** An upper bound of `value`'s JSON size in bytes, given up (returned early) once it passes `budget`. */
function sizeBound(value: Json, budget: number): number {
  if (value === null) return 4;
  if (typeof value === "string") return value.length * MAX_BYTES_PER_CODE_UNIT + 2;
  if (typeof value === "number") return MAX_NUMBER_BYTES;
  if (typeof value === "boolean") return 5;
  let total = 2;
  if (Array.isArray(value)) {
    for (const item of value) {
      total += sizeBound(item, budget - total) + 1;
      if (total > budget) return total;
    }
    return total;
  }
  for (const key in value) {
    const item = value[key];
    if (item === undefined) continue;
    total += key.length * MAX_BYTES_PER_CODE_UNIT + 4 + sizeBound(item, budget - total);
    if (total > budget) return total;
  }
  return total;
}

/** AWS's cause of `States.DataLimitExceeded` for a result (a task's, or a state's output) over the limit; `source` is the state, or the task's resource. */
export function resultTooLarge(source: string): { error: string; cause: string } {
  return {
    error: StatesErrors.DataLimitExceeded,
    cause: `The state/task '${source}' returned a result with a size exceeding the maximum number of bytes service limit.`,
  };
}

/** The cause of `States.DataLimitExceeded` for a state's input, after `Parameters` or `Arguments`, over the limit. */
export function inputTooLarge(state: string): { error: string; cause: string } {
  return {
    error: StatesErrors.DataLimitExceeded,
    cause: `The state/task '${state}' has an input with a size exceeding the maximum number of bytes service limit.`,
  };
}
