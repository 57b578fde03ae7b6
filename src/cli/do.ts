import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { Command } from "commander";
import { D1Database, D1Error } from "../services/d1/index.js";
import { durableObjectDefinitions, durableObjectDirectory, idFromName } from "../services/durable-objects/index.js";
import { formatResultTable } from "./d1-result-table.js";
import { DoCommandError } from "./do-command-error.js";
import { printJson } from "./output.js";
import { loadCliProject, type CliProject } from "./project.js";
import { projectSubcommand, type ProjectOptions } from "./project-options.js";

/** An object's storage file: its 64-hex-digit id; workerd keeps the class's own metadata beside them. */
const OBJECT_FILE = /^([0-9a-f]{64})\.sqlite$/;

interface SqlOptions extends ProjectOptions {
  command: string;
  name?: string;
}

/** `outpost do`: an operator's view of stored Durable Objects. */
export function doCommand(): Command {
  return new Command("do").description("Inspect stored Durable Objects").addCommand(listCommand()).addCommand(sqlCommand());
}

function listCommand(): Command {
  return projectSubcommand("list", "List the ids of a class's stored objects")
    .argument("<class>", "a Durable Object class of the project")
    .action(async (className: string, options: ProjectOptions) => {
      const { directory } = classNamespace(await loadCliProject(options), className);
      const ids = existsSync(directory)
        ? (await readdir(directory)).flatMap((file) => OBJECT_FILE.exec(file)?.slice(1, 2) ?? []).sort()
        : [];
      if (options.json) printJson(ids);
      else process.stdout.write(ids.length === 0 ? `No stored objects of ${className}.\n` : `${ids.join("\n")}\n`);
    });
}

function sqlCommand(): Command {
  return projectSubcommand("sql", "Run SQL against one stored object's SQLite storage")
    .argument("<class>", "a Durable Object class of the project")
    .argument("[id]", "the object's id, as `outpost do list` prints it")
    .option("--name <name>", "the object's name, as given to idFromName() or getByName(), instead of its id")
    .requiredOption("--command <sql>", "the SQL to run")
    .action(async (className: string, givenId: string | undefined, options: SqlOptions) => {
      const namespace = classNamespace(await loadCliProject(options), className);
      if ((givenId === undefined) === (options.name === undefined)) {
        throw new DoCommandError("ERR_DO_OBJECT_NOT_FOUND", `Name the object by its id or by --name <name>, not both and not neither.`);
      }
      const id = givenId ?? idFromName(namespace.uniqueKey, options.name!);
      const file = path.join(namespace.directory, `${id}.sqlite`);
      if (!OBJECT_FILE.test(`${id}.sqlite`) || !existsSync(file)) {
        const object = options.name === undefined ? `the id ${id}` : `the name ${options.name} (id ${id})`;
        throw new DoCommandError("ERR_DO_OBJECT_NOT_FOUND", `No stored object of ${className} has ${object}. Run \`outpost do list ${className}\` for the ids.`);
      }
      const database = new D1Database(file);
      try {
        const results = await database.run([{ sql: options.command }]);
        if (options.json) printJson(results.map(({ columns, rows }) => rows.map((row) => Object.fromEntries(columns.map((column, i) => [column, row[i]])))));
        else for (const result of results) process.stdout.write(result.columns.length > 0 ? formatResultTable(result) : `${result.meta.changes} rows changed.\n`);
      } catch (error) {
        if (error instanceof D1Error) throw new DoCommandError("ERR_DO_SQL_REFUSED", `SQLite refused the command: ${error.message}`);
        throw error;
      } finally {
        database.close();
      }
    });
}

/** A class's unique key, and the folder workerd stores its objects in, one SQLite file per object. */
function classNamespace(project: CliProject, className: string): { uniqueKey: string; directory: string } {
  const { namespaces } = durableObjectDefinitions(project.config, () => {});
  const namespace = namespaces.find((candidate) => candidate.className === className);
  if (namespace === undefined) {
    const known = namespaces.map((candidate) => candidate.className).join(", ") || "none";
    throw new DoCommandError("ERR_DO_CLASS_NOT_FOUND", `${className} is not a Durable Object class of ${project.source} (its classes: ${known}).`);
  }
  return { uniqueKey: namespace.uniqueKey, directory: path.join(durableObjectDirectory(project.persistTo), namespace.uniqueKey) };
}
