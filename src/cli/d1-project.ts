import type { D1DatabaseBinding } from "../config/index.js";
import { D1Service, type D1Database } from "../services/d1/index.js";
import { D1CommandError } from "./d1-command-error.js";
import { loadCliProject } from "./project.js";
import type { ProjectOptions } from "./project-options.js";

/** The database `name` (a binding or a database_name) of the project the options point at. */
export async function loadD1Binding(options: ProjectOptions, name: string): Promise<{ binding: D1DatabaseBinding; persistTo: string }> {
  const project = await loadCliProject(options);
  const databases = project.config.d1_databases;
  const binding = databases.find((database) => database.binding === name) ?? databases.find((database) => database.database_name === name);
  if (binding !== undefined) return { binding, persistTo: project.persistTo };
  throw new D1CommandError(
    "ERR_D1_DATABASE_NOT_FOUND",
    databases.length === 0
      ? `${project.source} has no d1_databases. Add the database there: "d1_databases": [{"binding": "DB", "database_name": "${name}", "database_id": "…"}].`
      : `No D1 database "${name}" in ${project.source}. Configured databases: ${databases.map(describeDatabase).join(", ")}; pass a binding or a database_name.`,
  );
}

/** Runs `use` on the database `name` in the project's persisted data, closing it afterwards. */
export async function withD1Database<T>(
  options: ProjectOptions,
  name: string,
  use: (database: D1Database, binding: D1DatabaseBinding) => T | Promise<T>,
): Promise<T> {
  const { binding, persistTo } = await loadD1Binding(options, name);
  const d1 = new D1Service(persistTo);
  try {
    return await use(d1.database(binding.id), binding);
  } finally {
    d1.close();
  }
}

function describeDatabase(database: D1DatabaseBinding): string {
  return database.database_name === undefined ? database.binding : `${database.binding} (${database.database_name})`;
}
