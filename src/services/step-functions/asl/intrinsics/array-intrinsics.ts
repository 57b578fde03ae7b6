import type { Json } from "../definition-types.js";
import { jsonEquals } from "../json-path.js";
import { expectArray, expectInteger, IntrinsicArgumentError, type IntrinsicFunction } from "./intrinsic-function.js";

/** `States.ArrayRange` may produce at most this many elements. */
const MAX_ARRAY_RANGE_ELEMENTS = 1000;

export const arrayIntrinsics: Record<string, IntrinsicFunction> = {
  "States.Array": { minArgs: 0, maxArgs: Infinity, call: (args) => args },
  "States.ArrayPartition": {
    minArgs: 2,
    maxArgs: 2,
    call([array, size]) {
      const items = expectArray("States.ArrayPartition", 1, array!);
      const chunk = expectInteger("States.ArrayPartition", 2, size!);
      if (chunk <= 0) throw new IntrinsicArgumentError("States.ArrayPartition: the chunk size must be a positive integer");
      const out: Json[] = [];
      for (let i = 0; i < items.length; i += chunk) out.push(items.slice(i, i + chunk));
      return out;
    },
  },
  "States.ArrayContains": {
    minArgs: 2,
    maxArgs: 2,
    call([array, value]) {
      return expectArray("States.ArrayContains", 1, array!).some((v) => jsonEquals(v, value!));
    },
  },
  "States.ArrayRange": {
    minArgs: 3,
    maxArgs: 3,
    call([a, b, c]) {
      const start = expectInteger("States.ArrayRange", 1, a!);
      const end = expectInteger("States.ArrayRange", 2, b!);
      const step = expectInteger("States.ArrayRange", 3, c!);
      if (step === 0) throw new IntrinsicArgumentError("States.ArrayRange: the step must be a non-zero integer");
      const count = Math.max(0, Math.floor((end - start) / step) + 1);
      if (count > MAX_ARRAY_RANGE_ELEMENTS) {
        throw new IntrinsicArgumentError(`States.ArrayRange: the array would have ${count} elements, more than ${MAX_ARRAY_RANGE_ELEMENTS}`);
      }
      return Array.from({ length: count }, (_, i) => start + i * step);
    },
  },
  "States.ArrayGetItem": {
    minArgs: 2,
    maxArgs: 2,
    call([array, index]) {
      const items = expectArray("States.ArrayGetItem", 1, array!);
      const i = expectInteger("States.ArrayGetItem", 2, index!);
      if (i < 0 || i >= items.length) throw new IntrinsicArgumentError(`States.ArrayGetItem: index ${i} is out of bounds for an array of ${items.length}`);
      return items[i]!;
    },
  },
  "States.ArrayLength": {
    minArgs: 1,
    maxArgs: 1,
    call: ([array]) => expectArray("States.ArrayLength", 1, array!).length,
  },
  "States.ArrayUnique": {
    minArgs: 1,
    maxArgs: 1,
    call([array]) {
      const out: Json[] = [];
      const primitives = new Set<Json>();
      for (const v of expectArray("States.ArrayUnique", 1, array!)) {
        if (v === null || typeof v !== "object") {
          if (primitives.has(v)) continue;
          primitives.add(v);
        } else if (out.some((o) => jsonEquals(o, v))) continue;
        out.push(v);
      }
      return out;
    },
  },
};
