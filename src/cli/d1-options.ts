import type { Command } from "commander";
import { projectSubcommand } from "./project-options.js";

/** A `d1` subcommand that works on one database, named as its first argument. */
export function d1DatabaseSubcommand(name: string, description: string): Command {
  return projectSubcommand(name, description).argument("<DB>", "the database: a binding or database_name in the config's d1_databases");
}
