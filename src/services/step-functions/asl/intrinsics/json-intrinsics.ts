import type { Json, JsonObject } from "../definition-types.js";
import { expectString, IntrinsicArgumentError, typeName, type IntrinsicFunction } from "./intrinsic-function.js";

function expectObject(position: number, v: Json): JsonObject {
  if (v === null || typeof v !== "object" || Array.isArray(v)) {
    throw new IntrinsicArgumentError(`States.JsonMerge: argument ${position} must be an object, got ${typeName(v)}`);
  }
  return v;
}

export const jsonIntrinsics: Record<string, IntrinsicFunction> = {
  "States.StringToJson": {
    minArgs: 1,
    maxArgs: 1,
    call([text]) {
      const s = expectString("States.StringToJson", 1, text!);
      try {
        return JSON.parse(s) as Json;
      } catch {
        throw new IntrinsicArgumentError(`States.StringToJson: the string is not valid JSON: ${s}`);
      }
    },
  },
  "States.JsonToString": { minArgs: 1, maxArgs: 1, call: ([value]) => JSON.stringify(value) },
  "States.JsonMerge": {
    minArgs: 3,
    maxArgs: 3,
    call([a, b, deep]) {
      if (deep !== false) throw new IntrinsicArgumentError("States.JsonMerge: only shallow merging is supported; the third argument must be false");
      return { ...expectObject(1, a!), ...expectObject(2, b!) };
    },
  },
};
