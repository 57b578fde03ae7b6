import type { Command } from "commander";
import { d1DatabaseSubcommand } from "./d1-options.js";
import { withD1Database } from "./d1-project.js";
import { alignColumns, printJson } from "./output.js";
import { loadCliProject } from "./project.js";
import { projectSubcommand, type ProjectOptions } from "./project-options.js";

/** Counts the user's tables: not SQLite's own (`sqlite_*`) nor Cloudflare's (`_cf_*`). */
const COUNT_TABLES = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT GLOB 'sqlite_*' AND name NOT GLOB '_cf_*'";

/** `outpost d1 list`. */
export function listCommand(): Command {
  return projectSubcommand("list", "List the D1 databases the config binds").action(async (options: ProjectOptions) => {
    const project = await loadCliProject(options);
    const rows = project.config.d1_databases.map(({ binding, database_name, id }) => ({ binding, database_name: database_name ?? null, id }));
    if (options.json) printJson(rows);
    else process.stdout.write(alignColumns([["Binding", "Name", "ID"], ...rows.map((row) => [row.binding, row.database_name ?? "-", row.id])]));
  });
}

/** `outpost d1 info <DB>`. */
export function infoCommand(): Command {
  return d1DatabaseSubcommand("info", "Show a database's id, file, size and number of tables").action(async (name: string, options: ProjectOptions) => {
    await withD1Database(options, name, async (database, binding) => {
      const [count] = await database.run([{ sql: COUNT_TABLES }]);
      const info = {
        binding: binding.binding,
        database_name: binding.database_name ?? null,
        id: binding.id,
        file: database.file,
        size_bytes: count!.meta.size_after,
        num_tables: count!.rows[0]![0] as number,
      };
      if (options.json) printJson(info);
      else process.stdout.write(alignColumns(Object.entries(info).map(([field, value]) => [field, String(value ?? "-")])));
    });
  });
}
