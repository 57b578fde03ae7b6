import type { WorkerConfig, WorkflowBinding } from "../../config/index.js";
import type { BindingDefinition, InternalWorkerDefinition } from "../../runtime/index.js";
import type { ModulePatch } from "../../runtime/index.js";
import { WORKFLOW_STEPS_MODULE, workflowStepsSource } from "./isolate-steps-source.js";
import { BINDING_ENTRYPOINT, WORKFLOWS_WORKER, workflowBindingName, workflowsWorkerSource } from "./workflows-worker.js";

/** The service name the Workflows worker's requests carry to Outpost's service host. */
export const WORKFLOWS_SERVICE = "workflows";

/** workerd's own Workflow API module, which users' bindings are made of. */
const WORKFLOWS_API_MODULE = "cloudflare-internal:workflows-api";

/**
 * Each configured Workflow's binding: workerd's `Workflow` API over the Workflows worker's
 * `WorkflowBinding` entrypoint, told which Workflow it serves by its props.
 */
export function workflowBindings(workflows: readonly WorkflowBinding[]): BindingDefinition[] {
  return workflows.map((workflow) => ({
    name: workflow.binding,
    kind: "wrapped",
    module: WORKFLOWS_API_MODULE,
    innerBindings: [{ name: "fetcher", kind: "service", service: WORKFLOWS_WORKER, entrypoint: BINDING_ENTRYPOINT, props: { workflow: workflow.name } }],
  }));
}

/**
 * The module that runs Workflow steps in a worker's own isolate, and the facade's call that
 * hands it the worker's WorkflowEntrypoint classes. Every worker gets it: a class may run a
 * Workflow that another project's config names (`script_name`).
 */
export function workflowSteps(): { internalModules: { name: string; source: string }[]; modulePatches: ModulePatch[] } {
  return {
    internalModules: [{ name: WORKFLOW_STEPS_MODULE, source: workflowStepsSource() }],
    modulePatches: [{ module: WORKFLOW_STEPS_MODULE, exportName: "patchWorkflows" }],
  };
}

/** Every Workflow the projects configure, by name; the first definition of a name wins. */
export function configuredWorkflows(configs: readonly WorkerConfig[]): Map<string, WorkflowBinding & { script_name: string }> {
  const workflows = new Map<string, WorkflowBinding & { script_name: string }>();
  for (const config of configs) {
    for (const workflow of config.workflows) {
      if (!workflows.has(workflow.name)) workflows.set(workflow.name, { ...workflow, script_name: workflow.script_name ?? config.name });
    }
  }
  return workflows;
}

/**
 * The Workflows worker, when any project configures a Workflow: it reaches the engine through
 * `ENGINE` and runs each Workflow's class through a service binding to its entrypoint.
 */
export function workflowsWorker(configs: readonly WorkerConfig[], socket: string): InternalWorkerDefinition | undefined {
  const workflows = configuredWorkflows(configs);
  if (workflows.size === 0) return undefined;
  return {
    name: WORKFLOWS_WORKER,
    source: workflowsWorkerSource(),
    socket,
    bindings: [
      { name: "ENGINE", kind: "fetcher", platform: { service: WORKFLOWS_SERVICE, resource: "engine", headers: {} } },
      ...[...workflows.values()].map((workflow): BindingDefinition => ({
        name: workflowBindingName(workflow.name),
        kind: "service",
        service: workflow.script_name,
        entrypoint: workflow.class_name,
      })),
    ],
  };
}
