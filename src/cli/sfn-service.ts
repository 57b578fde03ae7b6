import { loadStateMachines, StepFunctionsService } from "../services/step-functions/index.js";
import { loadCliProject, type CliProject } from "./project.js";
import type { ProjectOptions } from "./project-options.js";

/**
 * Runs `use` on the project's Step Functions store, opened beside any running `outpost dev`, with
 * the project's declared state machines created or updated first. The service runs no executions
 * here: starts and stops are left for the running dev (or the next one) to take.
 */
export async function withSfnService<T>(options: ProjectOptions, use: (service: StepFunctionsService, project: CliProject) => Promise<T>): Promise<T> {
  const project = await loadCliProject(options);
  const machines = await loadStateMachines([{ config: project.config, configName: project.source }], process.cwd());
  const service = new StepFunctionsService({ persistTo: project.persistTo, detached: true });
  try {
    for (const machine of machines) await service.putStateMachine(machine);
    return await use(service, project);
  } finally {
    await service.close();
  }
}
