import { Command } from "commander";
import { nextFire, parseCron, type CronExpression } from "../services/cron/cron-expression.js";
import { positiveCount } from "./arguments.js";
import { printJson } from "./output.js";
import { loadCliProject } from "./project.js";
import { configSubcommand, type ProjectOptions } from "./project-options.js";

interface TriggersListOptions extends ProjectOptions {
  count: number;
}

/** `outpost triggers`: the project's cron triggers and when they fire. */
export function triggersCommand(): Command {
  return new Command("triggers").description("Show the project's cron triggers").addCommand(listCommand());
}

/** `outpost triggers list`. */
function listCommand(): Command {
  return configSubcommand("list", "List each cron trigger with the next times it fires, in UTC")
    .option("--count <n>", "how many fire times to show for each trigger", positiveCount("--count"), 3)
    .action(async (options: TriggersListOptions) => {
      const project = await loadCliProject(options);
      const expressions = project.config.triggers.crons.map(parseCron);
      const now = Date.now();
      const triggers = expressions.map((expression) => ({ cron: expression.text, next: upcomingFires(expression, now, options.count) }));
      if (options.json) printJson(triggers);
      else if (triggers.length === 0) process.stdout.write(`No cron triggers in ${project.source}.\n`);
      else process.stdout.write(triggers.map(({ cron, next }) => [cron, ...next.map((fire) => `  ${fire}`)].join("\n") + "\n").join(""));
    });
}

/** The next `count` fire times after `afterMs`, as ISO timestamps in UTC. */
function upcomingFires(expression: CronExpression, afterMs: number, count: number): string[] {
  const fires: string[] = [];
  for (let fire = nextFire(expression, afterMs); fire !== null && fires.length < count; fire = nextFire(expression, fire)) {
    fires.push(new Date(fire).toISOString());
  }
  return fires;
}
