import { readFileSync } from "node:fs";
import { Command } from "commander";
import { OutpostError } from "../errors.js";
import { d1Command } from "./d1.js";
import { devCommand } from "./dev.js";
import { doCommand } from "./do.js";
import { kvCommand } from "./kv.js";
import { queuesCommand } from "./queues.js";
import { r2Command } from "./r2.js";
import { sfnCommand } from "./sfn.js";
import { triggersCommand } from "./triggers.js";
import { workflowsCommand } from "./workflows.js";

const { version } = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { version: string };

const program = new Command("outpost")
  .description("The Cloudflare Developer Platform, self-hosted")
  .version(version)
  .showHelpAfterError()
  .addCommand(devCommand())
  .addCommand(kvCommand())
  .addCommand(d1Command())
  .addCommand(doCommand())
  .addCommand(triggersCommand())
  .addCommand(queuesCommand())
  .addCommand(r2Command())
  .addCommand(workflowsCommand())
  .addCommand(sfnCommand());

try {
  await program.parseAsync();
} catch (error) {
  if (error instanceof OutpostError) {
    process.stderr.write(`✘ ${error.message}\n`);
  } else {
    const detail = process.env.OUTPOST_DEBUG ? `\n${(error as Error)?.stack}` : " (set OUTPOST_DEBUG=1 for details)";
    process.stderr.write(`✘ Outpost failed unexpectedly: ${(error as Error)?.message ?? String(error)}${detail}\n`);
  }
  process.exitCode = 1;
}
