import { Command } from "commander";
import { applyMigrations, createMigration, unappliedMigrations } from "../services/d1/index.js";
import { d1Refusal } from "./d1-call.js";
import { d1DatabaseSubcommand } from "./d1-options.js";
import { loadD1Binding, withD1Database } from "./d1-project.js";
import { printJson, printOutcome } from "./output.js";
import type { ProjectOptions } from "./project-options.js";
import { withWranglerFlags } from "./wrangler-data-flags.js";

const NOTHING_TO_APPLY = "No migrations to apply.";

/** `outpost d1 migrations create|list|apply`: the files of a database's migrations_dir. */
export function migrationsCommands(): Command {
  return new Command("migrations")
    .description("Create, list and apply a database's migrations (the .sql files of its migrations_dir)")
    .addCommand(createCommand())
    .addCommand(listCommand())
    .addCommand(applyCommand());
}

function createCommand(): Command {
  return d1DatabaseSubcommand("create", "Create the next migration file, NNNN_<message>.sql, and print its path")
    .argument("<message>", "what the migration does, such as \"create users\"")
    .action(async (name: string, message: string, options: ProjectOptions) => {
      const { binding } = await loadD1Binding(options, name);
      const file = await createMigration(binding.migrations_dir, message);
      printOutcome(options, file, { file });
    });
}

function listCommand(): Command {
  const command = d1DatabaseSubcommand("list", "List the migrations not yet applied, in the order they apply");
  return withWranglerFlags(command, ["d1Preview"]).action(async (name: string, options: ProjectOptions) => {
    await withD1Database(options, name, async (database, binding) => {
      const unapplied = await unappliedMigrations(database, binding);
      if (options.json) printJson(unapplied);
      else process.stdout.write(unapplied.length === 0 ? `${NOTHING_TO_APPLY}\n` : unapplied.map((migration) => `${migration}\n`).join(""));
    });
  });
}

function applyCommand(): Command {
  const command = d1DatabaseSubcommand("apply", "Apply the unapplied migrations in order, each in one transaction; stop at the first that fails");
  return withWranglerFlags(command, ["d1Preview", "force", "batchSize"])
    .action(async (name: string, options: ProjectOptions) => {
      await withD1Database(options, name, async (database, binding) => {
        const { applied, failure } = await applyMigrations(database, binding);
        if (!options.json) process.stdout.write(applied.map((migration) => `Applied ${migration}\n`).join(""));
        if (failure !== undefined) throw d1Refusal(failure.error, `Migration ${failure.migration} failed`);
        const count = `${applied.length} ${applied.length === 1 ? "migration" : "migrations"}`;
        printOutcome(options, applied.length === 0 ? NOTHING_TO_APPLY : `Applied ${count}.`, { applied });
      });
    });
}
