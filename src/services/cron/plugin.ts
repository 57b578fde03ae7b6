import type { LoadedProject } from "../../config/index.js";
import { parseCron } from "./cron-expression.js";
import type { Schedule } from "./scheduler.js";

/** Each project's `triggers.crons`, parsed: a bad expression is refused here, naming it. */
export function schedulesOf(projects: readonly LoadedProject[]): Schedule[] {
  return projects.map(({ config }) => ({ worker: config.name, crons: [...new Set(config.triggers.crons)].map(parseCron) }));
}
