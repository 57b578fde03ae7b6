export { parseCron, nextFire, matchesMinute } from "./cron-expression.js";
export type { CronExpression } from "./cron-expression.js";
export { CronError } from "./errors.js";
export type { CronErrorCode } from "./errors.js";
export { CronScheduler, systemClock } from "./scheduler.js";
export type { Clock, FireTick, Schedule } from "./scheduler.js";
export { TickLease } from "./tick-lease.js";
export { scaledClock } from "./scaled-clock.js";
export { schedulesOf } from "./plugin.js";
