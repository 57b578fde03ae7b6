import type { Clock as TimerClock } from "../../cron/index.js";
import type { Clock } from "../asl/execution/clock.js";

/** The interpreter's clock over a timer clock (`outpost dev`'s, scaled in tests). */
export function sleepingClock(timers: TimerClock): Clock {
  return {
    now: () => timers.now(),
    sleep: (ms, signal) =>
      new Promise((resolve) => {
        if (signal?.aborted) return resolve();
        const timer = timers.setTimeout(done, Math.max(0, ms));
        signal?.addEventListener("abort", done, { once: true });
        function done() {
          clearTimeout(timer);
          signal?.removeEventListener("abort", done);
          resolve();
        }
      }),
  };
}
