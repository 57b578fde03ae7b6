import { expectInteger, IntrinsicArgumentError, type IntrinsicFunction } from "./intrinsic-function.js";

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** mulberry32: a small deterministic generator, so a seeded `States.MathRandom` repeats. */
export function seededRandom(seed: number): number {
  let t = (seed + 0x6d2b79f5) | 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

function int32(name: string, position: number, v: Parameters<typeof expectInteger>[2]): number {
  const n = expectInteger(name, position, v);
  if (n < INT32_MIN || n > INT32_MAX) {
    throw new IntrinsicArgumentError(`${name}: argument ${position} must be between ${INT32_MIN} and ${INT32_MAX}`);
  }
  return n;
}

export const mathIntrinsics: Record<string, IntrinsicFunction> = {
  "States.MathRandom": {
    minArgs: 2,
    maxArgs: 3,
    call([a, b, seed]) {
      const start = int32("States.MathRandom", 1, a!);
      const end = int32("States.MathRandom", 2, b!);
      if (start >= end) throw new IntrinsicArgumentError("States.MathRandom: the start must be less than the end");
      const r = seed === undefined ? Math.random() : seededRandom(expectInteger("States.MathRandom", 3, seed));
      return start + Math.floor(r * (end - start));
    },
  },
  "States.MathAdd": {
    minArgs: 2,
    maxArgs: 2,
    call: ([a, b]) => int32("States.MathAdd", 1, a!) + int32("States.MathAdd", 2, b!),
  },
};
