import type { Clock } from "./scheduler.js";

/**
 * A clock that runs `scale` times faster than the machine's from the moment it is made, so tests
 * see minutes pass in seconds. Set by `OUTPOST_TEST_CLOCK_SCALE`; never used otherwise.
 */
export function scaledClock(scale: number): Clock {
  const origin = Date.now();
  return {
    now: () => origin + (Date.now() - origin) * scale,
    setTimeout: (callback, ms) => setTimeout(callback, ms / scale),
  };
}
