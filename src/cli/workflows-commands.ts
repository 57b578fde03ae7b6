import { Command } from "commander";
import { randomUUID } from "node:crypto";
import { EngineError, INSTANCE_STATUSES } from "../services/durable-engine/index.js";
import { configuredWorkflows, encodeValue, isInstanceId } from "../services/workflows/index.js";
import { alignColumns, printJson, printOutcome } from "./output.js";
import type { ProjectOptions } from "./project-options.js";
import { workflowsSubcommand } from "./workflows-options.js";
import { WorkflowsCommandError } from "./workflows-command-error.js";
import { assertKnownWorkflow, knownWorkflows, withWorkflowStore } from "./workflows-project.js";

/** `outpost workflows list`. */
export function listCommand(): Command {
  return workflowsSubcommand("list", "List the configured Workflows, then any other with instances, and their instances by status").action(
    async (options: ProjectOptions) => {
      const rows = await withWorkflowStore(options, (store, project) => {
        const configured = configuredWorkflows([project.config]);
        const counts = new Map(store.namespaces().map(({ namespace, counts }) => [namespace, counts]));
        return knownWorkflows(project, store).map((name) => ({
          name,
          binding: configured.get(name)?.binding ?? null,
          class_name: configured.get(name)?.class_name ?? null,
          instances: counts.get(name) ?? {},
        }));
      });
      if (options.json) return printJson(rows);
      const cells = rows.map((row) => [
        row.name,
        row.binding ?? "-",
        row.class_name ?? "-",
        INSTANCE_STATUSES.filter((status) => row.instances[status]).map((status) => `${row.instances[status]} ${status}`).join(", ") || "none",
      ]);
      process.stdout.write(alignColumns([["Workflow", "Binding", "Class", "Instances"], ...cells]));
    },
  );
}

/** `outpost workflows trigger <name> [params] [--params json] [--id id]`: the params as wrangler takes them, second, or with the flag. */
export function triggerCommand(): Command {
  return workflowsSubcommand("trigger", "Create an instance of a Workflow; a running outpost dev starts it at once")
    .argument("<name>", "the Workflow's name")
    .argument("[params]", "the instance's params, as JSON (default: {})")
    .option("--params <json>", "the instance's params, as JSON, in place of the [params] argument")
    .option("--id <id>", "the instance's id (default: a random UUID)")
    .action(async (name: string, paramsArgument: string | undefined, options: ProjectOptions & { params?: string; id?: string }) => {
      if (paramsArgument !== undefined && options.params !== undefined) {
        throw new WorkflowsCommandError("ERR_WORKFLOW_BAD_OPTION", "Give the params once: as the argument after the Workflow's name, or with --params, not both.");
      }
      const params = paramsArgument === undefined ? parseJson(options.params ?? "{}", "--params") : parseJson(paramsArgument, "The params argument");
      const id = options.id ?? randomUUID();
      if (!isInstanceId(id)) {
        throw new WorkflowsCommandError("ERR_WORKFLOW_BAD_OPTION", `--id "${id}" is not a valid instance id: use up to 100 letters, digits, "-" and "_", not starting with "-".`);
      }
      const created = await withWorkflowStore(options, async (store, project) => {
        assertKnownWorkflow(name, project, store);
        const [ok] = await store.create(name, [{ id, params: encodeValue(params) }], Date.now());
        if (!ok) throw new EngineError("ERR_INSTANCE_EXISTS", `Instance ${id} exists.`, id);
        store.notify({ namespace: name, id });
        return id;
      });
      printOutcome(options, `Created instance ${created} of Workflow "${name}".`, { id: created });
    });
}

/** `value` parsed as JSON, or an error naming `flag`. */
export function parseJson(value: string, flag: string): unknown {
  try {
    return JSON.parse(value);
  } catch (error) {
    throw new WorkflowsCommandError("ERR_WORKFLOW_BAD_OPTION", `${flag} must be JSON: ${(error as Error).message}`);
  }
}
