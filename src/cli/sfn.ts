import { Command, Option } from "commander";
import { OutpostError } from "../errors.js";
import { describeLocation, stateMachineArn, validateStateMachineDefinition, checkResource, type MachineType } from "../services/step-functions/index.js";
import { alignColumns, printJson, printOutcome } from "./output.js";
import { projectSubcommand, type ProjectOptions } from "./project-options.js";
import { readInputFile } from "./read-input-file.js";
import { withSfnService } from "./sfn-service.js";
import { renderTimeline } from "./sfn-timeline.js";

/** A definition `outpost sfn validate` found problems in. */
class SfnCommandError extends OutpostError<"ERR_SFN_INVALID_DEFINITION"> {}

const typeOption = () => new Option("--type <type>", "the state machine's type").choices(["STANDARD", "EXPRESS"]).default("STANDARD");

/** `outpost sfn …`: Step Functions state machines and executions. */
export function sfnCommand(): Command {
  return new Command("sfn")
    .description("Validate state machine definitions and manage Step Functions executions")
    .addCommand(validateCommand())
    .addCommand(listCommand())
    .addCommand(startCommand())
    .addCommand(describeCommand())
    .addCommand(stopCommand())
    .addCommand(historyCommand());
}

function validateCommand(): Command {
  return new Command("validate")
    .description("Check an ASL definition (.json, .yaml or .yml) and print every problem with its state and field")
    .argument("<file>", "the definition file")
    .addOption(typeOption())
    .option("--json", "print machine-readable JSON")
    .action(async (file: string, options: { type: MachineType; json?: boolean }) => {
      const text = (await readInputFile(file, "definition file")).toString("utf8");
      const checked = validateStateMachineDefinition(text, { type: options.type, resourceValidator: checkResource });
      if (options.json) printJson(checked);
      if (checked.result === "OK") {
        if (!options.json) process.stdout.write(`${file} is a valid ${options.type} state machine.\n`);
        return;
      }
      const lines = checked.diagnostics.map((d) => `${file}: ${describeLocation(d.location)}: ${d.message} (${d.code})`);
      throw new SfnCommandError("ERR_SFN_INVALID_DEFINITION", `${lines.length} problem${lines.length === 1 ? "" : "s"} in ${file}:\n  ${lines.join("\n  ")}`);
    });
}

function listCommand(): Command {
  return projectSubcommand("list", "List state machines (declared ones and ones created through the API)").action(async (options: ProjectOptions) => {
    const machines = await withSfnService(options, async (service) => (await service.listStateMachines({ maxResults: 1000 })).stateMachines);
    if (options.json) return printJson(machines);
    const cells = machines.map((m) => [m.name, m.type, m.creationDate.toISOString(), m.stateMachineArn]);
    process.stdout.write(alignColumns([["Name", "Type", "Created", "ARN"], ...cells]));
  });
}

function startCommand(): Command {
  return projectSubcommand("start", "Start a STANDARD execution; a running outpost dev runs it at once, else the next one does")
    .argument("<name>", "the state machine's name")
    .option("--input <json>", "the execution's input", "{}")
    .option("--name <name>", "the execution's name (default: a UUID)")
    .action(async (name: string, options: ProjectOptions & { input: string; name?: string }) => {
      const started = await withSfnService(options, (service) => service.startExecution({ stateMachineArn: stateMachineArn(name), name: options.name, input: options.input }));
      printOutcome(options, `Started ${started.executionArn}`, { executionArn: started.executionArn, startDate: started.startDate });
    });
}

function describeCommand(): Command {
  return projectSubcommand("describe", "Show an execution's status, input and output or error")
    .argument("<arn>", "the execution's ARN")
    .action(async (arn: string, options: ProjectOptions) => {
      const described = await withSfnService(options, (service) => service.describeExecution({ executionArn: arn }));
      if (options.json) return printJson(described);
      const lines: [string, string | undefined][] = [
        ["Execution", described.executionArn],
        ["Status", described.status],
        ["Started", described.startDate.toISOString()],
        ["Stopped", described.stopDate?.toISOString()],
        ["Input", described.input],
        ["Output", described.output],
        ["Error", described.error],
        ["Cause", described.cause],
      ];
      process.stdout.write(alignColumns(lines.filter((line): line is [string, string] => line[1] !== undefined)));
    });
}

function stopCommand(): Command {
  return projectSubcommand("stop", "Stop a running execution, in the outpost dev that runs it or here if none does; it ends ABORTED")
    .argument("<arn>", "the execution's ARN")
    .option("--error <error>", "the error recorded")
    .option("--cause <cause>", "the cause recorded")
    .action(async (arn: string, options: ProjectOptions & { error?: string; cause?: string }) => {
      const { stopDate } = await withSfnService(options, (service) => service.stopExecution({ executionArn: arn, error: options.error, cause: options.cause }));
      printOutcome(options, `Stopped ${arn}`, { executionArn: arn, stopDate });
    });
}

function historyCommand(): Command {
  return projectSubcommand("history", "Show an execution's history: each state entered and exited, with its input and output")
    .argument("<arn>", "the execution's ARN")
    .action(async (arn: string, options: ProjectOptions) => {
      const { events } = await withSfnService(options, (service) => service.getExecutionHistory({ executionArn: arn, maxResults: 1_000_000 }));
      if (options.json) printJson(events);
      else process.stdout.write(renderTimeline(events));
    });
}
