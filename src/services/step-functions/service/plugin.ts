import { readFile } from "node:fs/promises";
import path from "node:path";
import type { StateMachineConfig, WorkerConfig } from "../../../config/index.js";
import { OutpostError } from "../../../errors.js";
import { wrappedServiceBindings, type WrappedBindings } from "../../../runtime/index.js";
import { validateStateMachineDefinition } from "../asl/definition-parser.js";
import { stateMachineApi } from "./binding-source.js";
import type { MachineType } from "./sfn-store.js";
import { checkResource } from "./task-resources.js";

/** The service name Step Functions binding requests carry to Outpost's service host. */
export const STEP_FUNCTIONS_SERVICE = "step-functions";
/** Names the state machine a binding request is for. */
export const SFN_MACHINE_HEADER = "x-outpost-sfn-machine";

/** A state machine as a deploy creates or updates it. */
export interface DeclaredStateMachine {
  name: string;
  definition: string;
  type: MachineType;
}

/** A fetcher to the Step Functions service per state machine with a `binding`, wrapped into the binding's API in the isolate. */
export function stateMachineBindings(config: WorkerConfig): WrappedBindings {
  const bound = config.state_machines.filter((machine): machine is StateMachineConfig & { binding: string } => machine.binding !== undefined);
  return wrappedServiceBindings(
    STEP_FUNCTIONS_SERVICE,
    stateMachineApi,
    bound.map((machine) => ({ name: machine.binding, resource: machine.name, headers: { [SFN_MACHINE_HEADER]: machine.name } })),
  );
}

/**
 * Reads and validates every state machine the projects declare. Fails with every problem of
 * every definition, each naming its file, state and field.
 */
export async function loadStateMachines(projects: readonly { config: WorkerConfig; configName: string }[], cwd: string): Promise<DeclaredStateMachine[]> {
  const machines = new Map<string, DeclaredStateMachine>();
  const problems: string[] = [];
  for (const { config, configName } of projects) {
    for (const machine of config.state_machines) {
      const file = path.relative(cwd, machine.definition) || machine.definition;
      if (machines.has(machine.name)) {
        problems.push(`${configName}: a state machine named "${machine.name}" is declared twice.`);
        continue;
      }
      let text: string;
      try {
        text = await readFile(machine.definition, "utf8");
      } catch {
        problems.push(`${file}: the definition of state machine "${machine.name}" (state_machines in ${configName}) does not exist.`);
        continue;
      }
      const checked = validateStateMachineDefinition(text, { type: machine.type, resourceValidator: checkResource });
      for (const d of checked.diagnostics) problems.push(`${file}: ${describeLocation(d.location)}: ${d.message} (${d.code})`);
      machines.set(machine.name, { name: machine.name, definition: text, type: machine.type });
    }
  }
  if (problems.length > 0) throw new OutpostError("ERR_STATE_MACHINE_INVALID", `Invalid state machine definitions:\n  ${problems.join("\n  ")}`);
  return [...machines.values()];
}

/** `/States/Charge/Retry/0/ErrorEquals` → `state "Charge", field Retry/0/ErrorEquals`. */
export function describeLocation(location: string): string {
  const parts = location.split("/").slice(1);
  let state: string | undefined;
  const fields: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    if (parts[i] === "States" && i + 1 < parts.length) {
      state = parts[++i];
      fields.length = 0;
    } else fields.push(parts[i]!);
  }
  const field = fields.join("/");
  if (state === undefined) return field ? `field ${field}` : "the definition";
  return field ? `state "${state}", field ${field}` : `state "${state}"`;
}
