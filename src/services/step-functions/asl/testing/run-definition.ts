import type { Json, StateMachineDefinition } from "../definition-types.js";
import { VirtualClock } from "../execution/clock.js";
import { ExpressExecution } from "../execution/express-execution.js";
import type { TaskInvoker } from "../execution/task-invoker.js";

/** Test support: runs a definition on a virtual clock with a deterministic uuid and random. */
export async function runDefinition(
  definition: StateMachineDefinition,
  input: Json = {},
  options: { taskInvoker?: TaskInvoker; clock?: VirtualClock; random?: () => number; maxDurationMs?: number } = {},
) {
  const clock = options.clock ?? new VirtualClock();
  let n = 0;
  const execution = new ExpressExecution({
    definition,
    input,
    executionArn: "arn:aws:states:local:000000000000:express:sm:exec-1",
    stateMachineArn: "arn:aws:states:local:000000000000:stateMachine:sm",
    taskInvoker: options.taskInvoker ?? (async (_resource, taskInput) => taskInput),
    clock,
    random: options.random ?? (() => 0.5),
    uuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, "0")}`,
    maxDurationMs: options.maxDurationMs,
  });
  const result = await execution.run();
  return { result, history: execution.history(), clock };
}

/** A machine of one state `S` (plus `rest`), ending unless the state says otherwise. */
export const singleState = (state: Record<string, unknown>, rest: Record<string, unknown> = {}): StateMachineDefinition =>
  ({ StartAt: "S", States: { S: { End: true, ...state }, ...rest } }) as unknown as StateMachineDefinition;
