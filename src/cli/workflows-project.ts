import { EngineError, SqliteEngineStore, type EngineStore } from "../services/durable-engine/index.js";
import { configuredWorkflows, WORKFLOWS_FOLDER } from "../services/workflows/index.js";
import { loadCliProject, type CliProject } from "./project.js";
import type { ProjectOptions } from "./project-options.js";
import { WorkflowsCommandError } from "./workflows-command-error.js";

/**
 * Runs `use` on the project's Workflows store, opened beside any running `outpost dev`, and
 * closes it. Writes leave a notice in the store, which the running engine picks up within a
 * fraction of a second; without a running dev they take effect when it next starts.
 */
export async function withWorkflowStore<T>(options: ProjectOptions, use: (store: EngineStore, project: CliProject) => T | Promise<T>): Promise<T> {
  const project = await loadCliProject(options);
  const store = new SqliteEngineStore(project.persistTo, WORKFLOWS_FOLDER);
  try {
    return await use(store, project);
  } catch (error) {
    throw error instanceof EngineError ? commandErrorOf(error) : error;
  } finally {
    store.close();
  }
}

/** The instance id that stands for a Workflow's newest instance, as in wrangler's `workflows instances … latest`. */
export const LATEST_INSTANCE = "latest";

/** The instance `id` names in Workflow `name`: `id` itself, or for {@link LATEST_INSTANCE} the newest instance's. */
export function instanceIdOf(store: EngineStore, name: string, id: string): string {
  if (id !== LATEST_INSTANCE) return id;
  const [newest] = store.list(name, { limit: 1 });
  if (newest !== undefined) return newest.id;
  throw new WorkflowsCommandError("ERR_WORKFLOW_INSTANCE_NOT_FOUND", `There are no instances in workflow "${name}", so none is the latest. Create one with: outpost workflows trigger ${name}`);
}

/** The configured Workflows, then any other that has instances. */
export function knownWorkflows(project: CliProject, store: EngineStore): string[] {
  return [...new Set([...configuredWorkflows([project.config]).keys(), ...store.namespaces().map(({ namespace }) => namespace)])];
}

/** Throws unless `name` is configured or has instances. */
export function assertKnownWorkflow(name: string, project: CliProject, store: EngineStore): void {
  const known = knownWorkflows(project, store);
  if (known.includes(name)) return;
  throw new WorkflowsCommandError(
    "ERR_WORKFLOW_NOT_FOUND",
    known.length === 0
      ? `No Workflow "${name}": ${project.source} configures no workflows. Add one under "workflows" with its name, binding and class_name.`
      : `No Workflow "${name}" in ${project.source} or its data. Known Workflows: ${known.join(", ")}.`,
  );
}

function commandErrorOf(error: EngineError): WorkflowsCommandError {
  switch (error.code) {
    case "ERR_INSTANCE_NOT_FOUND":
      return new WorkflowsCommandError("ERR_WORKFLOW_INSTANCE_NOT_FOUND", `No instance "${error.instanceId}". List them with: outpost workflows instances list <name>`);
    case "ERR_INSTANCE_EXISTS":
      return new WorkflowsCommandError("ERR_WORKFLOW_INSTANCE_EXISTS", `An instance "${error.instanceId}" exists already. Pick another --id, or restart it.`);
    case "ERR_CANNOT_RESUME":
    case "ERR_CANNOT_TERMINATE":
      return new WorkflowsCommandError("ERR_WORKFLOW_ILLEGAL_STATE", `${error.message} (instance "${error.instanceId}").`);
  }
}
