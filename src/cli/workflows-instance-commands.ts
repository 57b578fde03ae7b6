import { Command } from "commander";
import { instanceLifecycle, INSTANCE_STATUSES, type EngineStore, type InstanceKey, type InstanceRecord, type InstanceStatus } from "../services/durable-engine/index.js";
import { encodeValue } from "../services/workflows/index.js";
import { alignColumns, printJson, printOutcome } from "./output.js";
import type { ProjectOptions } from "./project-options.js";
import { workflowsSubcommand } from "./workflows-options.js";
import { WorkflowsCommandError } from "./workflows-command-error.js";
import { parseJson } from "./workflows-commands.js";
import { assertKnownWorkflow, instanceIdOf, LATEST_INSTANCE, withWorkflowStore } from "./workflows-project.js";
import { describeInstance, timelineOf } from "./workflows-timeline.js";

const INSTANCE_ID = `the instance's id, or ${LATEST_INSTANCE} for the newest`;

/** `outpost workflows instances …`. */
export function instancesCommand(): Command {
  return new Command("instances")
    .description("List, inspect and control a Workflow's instances")
    .addCommand(listInstancesCommand())
    .addCommand(describeCommand())
    .addCommand(lifecycleCommand("pause", "Pause an instance; a running one pauses when its current step ends"))
    .addCommand(lifecycleCommand("resume", "Resume a paused instance; its waits keep the time they had left"))
    .addCommand(lifecycleCommand("terminate", "Terminate an instance; its current step's result is discarded"))
    .addCommand(lifecycleCommand("restart", "Run an instance again from the start, discarding its steps' results"))
    .addCommand(sendEventCommand());
}

function listInstancesCommand(): Command {
  return workflowsSubcommand("list", "List a Workflow's instances, newest first")
    .argument("<name>", "the Workflow's name")
    .option("--status <status>", `only instances in this status (${INSTANCE_STATUSES.join(", ")})`)
    .action(async (name: string, options: ProjectOptions & { status?: string }) => {
      if (options.status !== undefined && !INSTANCE_STATUSES.includes(options.status as InstanceStatus)) {
        throw new WorkflowsCommandError("ERR_WORKFLOW_BAD_OPTION", `--status must be one of ${INSTANCE_STATUSES.join(", ")} (got "${options.status}").`);
      }
      const instances = await withWorkflowStore(options, (store, project) => {
        assertKnownWorkflow(name, project, store);
        return store.list(name, { status: options.status as InstanceStatus | undefined });
      });
      if (options.json) return printJson(instances.map(summaryOf));
      const cells = instances.map((instance) => [instance.id, instance.status, new Date(instance.createdAt).toISOString(), new Date(instance.updatedAt).toISOString()]);
      process.stdout.write(alignColumns([["Instance", "Status", "Created", "Updated"], ...cells]));
    });
}

function describeCommand(): Command {
  return workflowsSubcommand("describe", "Show an instance: its status, output or error, and each step's attempts, durations, errors and outputs")
    .argument("<name>", "the Workflow's name")
    .argument("[id]", INSTANCE_ID, LATEST_INSTANCE)
    .action(async (name: string, id: string, options: ProjectOptions) => {
      const timeline = await withWorkflowStore(options, (store, project) => {
        assertKnownWorkflow(name, project, store);
        return timelineOf(store, { namespace: name, id: instanceIdOf(store, name, id) });
      });
      if (options.json) printJson(timeline);
      else process.stdout.write(describeInstance(timeline));
    });
}

type Operation = "pause" | "resume" | "terminate" | "restart";

function lifecycleCommand(operation: Operation, description: string): Command {
  return workflowsSubcommand(operation, description)
    .argument("<name>", "the Workflow's name")
    .argument("<id>", INSTANCE_ID)
    .action(async (name: string, id: string, options: ProjectOptions) => {
      const record = await changeInstance(options, { namespace: name, id }, (store, key) => instanceLifecycle[operation](store, key, Date.now()));
      printOutcome(options, `Instance ${record.id} of Workflow "${name}" is now ${record.status}.`, { id: record.id, status: record.status });
    });
}

function sendEventCommand(): Command {
  return workflowsSubcommand("send-event", "Send an event to an instance, for its step.waitForEvent of that type")
    .argument("<name>", "the Workflow's name")
    .argument("<id>", INSTANCE_ID)
    .requiredOption("--type <type>", "the event's type")
    .option("--payload <json>", "the event's payload, as JSON", "null")
    .action(async (name: string, id: string, options: ProjectOptions & { type: string; payload: string }) => {
      const payload = encodeValue(parseJson(options.payload, "--payload"));
      const event = { type: options.type, payload, timestamp: Date.now() };
      const record = await changeInstance(options, { namespace: name, id }, (store, key) => instanceLifecycle.sendEvent(store, key, event, Date.now()));
      printOutcome(options, `Sent a "${options.type}" event to instance ${record.id} of Workflow "${name}".`, { id: record.id, type: options.type });
    });
}

/** Applies `change` to the instance `named` names ({@link LATEST_INSTANCE} for the newest), and tells a running outpost dev. */
async function changeInstance(options: ProjectOptions, named: InstanceKey, change: (store: EngineStore, key: InstanceKey) => Promise<InstanceRecord>): Promise<InstanceRecord> {
  return withWorkflowStore(options, async (store, project) => {
    assertKnownWorkflow(named.namespace, project, store);
    const key = { namespace: named.namespace, id: instanceIdOf(store, named.namespace, named.id) };
    const record = await change(store, key);
    store.notify(key);
    return record;
  });
}

function summaryOf(instance: InstanceRecord) {
  return { id: instance.id, status: instance.status, created: new Date(instance.createdAt).toISOString(), updated: new Date(instance.updatedAt).toISOString() };
}
