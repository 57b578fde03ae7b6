import type { Command } from "commander";
import { splitStatements, type D1StatementResult } from "../services/d1/index.js";
import { d1Call } from "./d1-call.js";
import { D1CommandError } from "./d1-command-error.js";
import { d1DatabaseSubcommand } from "./d1-options.js";
import { withD1Database } from "./d1-project.js";
import { formatResultTable } from "./d1-result-table.js";
import { printJson } from "./output.js";
import type { ProjectOptions } from "./project-options.js";
import { readInputFile } from "./read-input-file.js";
import { withWranglerFlags } from "./wrangler-data-flags.js";

interface ExecuteOptions extends ProjectOptions {
  command?: string;
  file?: string;
}

/** `outpost d1 execute <DB> --command <sql> | --file <path>`. */
export function executeCommand(): Command {
  return withWranglerFlags(d1DatabaseSubcommand("execute", "Run SQL against a database, every statement in one transaction"), ["yes", "d1Preview", "batchSize"])
    .option("--command <sql>", "the SQL to run")
    .option("--file <path>", "run the SQL in this file")
    .action(async (name: string, options: ExecuteOptions) => {
      const sql = await readSql(options);
      await withD1Database(options, name, async (database) => {
        const queries = splitStatements(sql).map((statement) => ({ sql: statement }));
        const results = await d1Call(() => database.run(queries), options.file);
        if (options.json) printJson(results.map((result) => ({ results: rowObjects(result), success: true, meta: result.meta })));
        else process.stdout.write(summary(results));
      });
    });
}

async function readSql(options: ExecuteOptions): Promise<string> {
  if (options.command !== undefined && options.file !== undefined) {
    throw new D1CommandError("ERR_D1_SQL_SOURCE", "Pass either --command or --file, not both.");
  }
  if (options.command !== undefined) return options.command;
  if (options.file !== undefined) return (await readInputFile(options.file, "--file")).toString("utf8");
  throw new D1CommandError("ERR_D1_SQL_SOURCE", 'Give the SQL to run: --command "<sql>", or --file <path.sql> to run a file.');
}

function rowObjects(result: D1StatementResult): Record<string, unknown>[] {
  return result.rows.map((row) => Object.fromEntries(result.columns.map((column, i) => [column, row[i]])));
}

/** The rows of each statement that returns any columns, then how many statements ran. */
function summary(results: readonly D1StatementResult[]): string {
  const tables = results.filter((result) => result.columns.length > 0).map((result) => `${formatResultTable(result)}\n`);
  return `${tables.join("")}Executed ${results.length} ${results.length === 1 ? "statement" : "statements"}.\n`;
}
