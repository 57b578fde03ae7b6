import { readFileSync } from "node:fs";
import { Command } from "commander";
import { OutpostError } from "../errors.js";

const { version } = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { version: string };

/** Each top-level command's module, loaded only when needed: `dev` alone imports every service. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  dev: async () => (await import("./dev.js")).devCommand(),
  kv: async () => (await import("./kv.js")).kvCommand(),
  d1: async () => (await import("./d1.js")).d1Command(),
  do: async () => (await import("./do.js")).doCommand(),
  triggers: async () => (await import("./triggers.js")).triggersCommand(),
  queues: async () => (await import("./queues.js")).queuesCommand(),
  r2: async () => (await import("./r2.js")).r2Command(),
  workflows: async () => (await import("./workflows.js")).workflowsCommand(),
  sfn: async () => (await import("./sfn.js")).sfnCommand(),
  "analytics-engine": async () => (await import("./analytics-engine.js")).analyticsEngineCommand(),
  "secrets-store": async () => (await import("./secrets-store.js")).secretsStoreCommand(),
};

const program = new Command("outpost").description("The Cloudflare Developer Platform, self-hosted").version(version).showHelpAfterError();
// The program itself takes no option with a value, so the first argument not starting with "-" names the command.
// Without a known one (help, --version, a typo to suggest a fix for), every command is loaded.
const named = process.argv.slice(2).find((argument) => !argument.startsWith("-"));
const loaded = named !== undefined && Object.hasOwn(COMMANDS, named) ? [named] : Object.keys(COMMANDS);

/** Whether the command's `--env` came from `CLOUDFLARE_ENV`, which an error about the environment then names. */
let environmentFromVariable = false;
program.hook("preAction", (_program, action) => {
  environmentFromVariable = action.getOptionValueSource("env") === "env";
});

try {
  for (const command of await Promise.all(loaded.map((name) => COMMANDS[name]!()))) program.addCommand(command);
  await program.parseAsync();
} catch (error) {
  if (error instanceof OutpostError) {
    const source = error.code === "ERR_ENV_NOT_FOUND" && environmentFromVariable ? " The environment's name came from CLOUDFLARE_ENV." : "";
    process.stderr.write(`✘ ${error.message}${source}\n`);
  } else {
    const detail = process.env.OUTPOST_DEBUG ? `\n${(error as Error)?.stack}` : " (set OUTPOST_DEBUG=1 for details)";
    process.stderr.write(`✘ Outpost failed unexpectedly: ${(error as Error)?.message ?? String(error)}${detail}\n`);
  }
  process.exitCode = 1;
}
