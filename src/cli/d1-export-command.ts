import type { Command } from "commander";
import { exportSql } from "../services/d1/index.js";
import { collectList } from "./arguments.js";
import { D1CommandError } from "./d1-command-error.js";
import { d1DatabaseSubcommand } from "./d1-options.js";
import { withD1Database } from "./d1-project.js";
import { printOutcome } from "./output.js";
import type { ProjectOptions } from "./project-options.js";

interface ExportOptions extends ProjectOptions {
  output: string;
  data: boolean;
  schema: boolean;
  table: string[];
}

/** `outpost d1 export <DB> --output <file.sql>`. */
export function exportCommand(): Command {
  return d1DatabaseSubcommand("export", "Write SQL that recreates a database: its schema, then its rows")
    .requiredOption("--output <file>", "the .sql file to write")
    .option("--no-data", "only the schema: no INSERT statements")
    .option("--no-schema", "only the rows: no CREATE statements")
    .option("--table <name>", "only this table or view, with its indexes and triggers; repeatable", collectList, [])
    .action(async (name: string, options: ExportOptions) => {
      if (!options.data && !options.schema) {
        throw new D1CommandError("ERR_D1_EXPORT_NOTHING", "--no-data and --no-schema together leave nothing to export; pass at most one of them.");
      }
      await withD1Database(options, name, (database) => {
        exportSql(database, options.output, { data: options.data, schema: options.schema, tables: options.table });
        printOutcome(options, `Exported ${name} to ${options.output}.`, { file: options.output });
      });
    });
}
