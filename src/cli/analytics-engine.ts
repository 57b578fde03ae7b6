import { Command } from "commander";
import { DatasetQueries, type QueryResult } from "../services/analytics-engine/index.js";
import { AnalyticsEngineCommandError } from "./analytics-engine-command-error.js";
import { formatResultTable } from "./d1-result-table.js";
import { printJson } from "./output.js";
import { loadCliProject } from "./project.js";
import { projectSubcommand, type ProjectOptions } from "./project-options.js";

interface SqlOptions extends ProjectOptions {
  command: string;
}

/** `outpost analytics-engine`: read what workers wrote to Analytics Engine datasets. */
export function analyticsEngineCommand(): Command {
  return new Command("analytics-engine").description("Query the data points workers wrote to Analytics Engine datasets").addCommand(sqlCommand());
}

function sqlCommand(): Command {
  return projectSubcommand("sql", "Run a read-only SQL query (SQLite's dialect) over the datasets, each a table of its name")
    .requiredOption("--command <sql>", "the query to run")
    .action(async (options: SqlOptions) => {
      const project = await loadCliProject(options);
      const queries = DatasetQueries.open(project.persistTo, project.config.analytics_engine_datasets.map(({ dataset }) => dataset));
      if (queries === undefined) {
        throw new AnalyticsEngineCommandError("ERR_AE_NO_DATA", `No worker has written a data point under ${project.persistTo} yet.`);
      }
      try {
        const result = run(queries, options.command);
        if (options.json) printJson(asObjects(result));
        else process.stdout.write(formatResultTable(result));
      } finally {
        queries.close();
      }
    });
}

function run(queries: DatasetQueries, sql: string): QueryResult {
  try {
    return queries.query(sql);
  } catch (error) {
    const known = queries.datasets.join(", ") || "none";
    throw new AnalyticsEngineCommandError("ERR_AE_SQL_REFUSED", `The query was refused: ${(error as Error).message} (datasets: ${known})`);
  }
}

/** Rows as objects by column name; bytes as arrays of numbers, as `d1 execute --json` prints them. */
function asObjects({ columns, rows }: QueryResult): Record<string, unknown>[] {
  return rows.map((row) => Object.fromEntries(columns.map((column, i) => [column, row[i] instanceof Uint8Array ? [...(row[i] as Uint8Array)] : row[i]])));
}
