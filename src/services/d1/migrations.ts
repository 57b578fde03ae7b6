import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { D1DatabaseBinding } from "../../config/index.js";
import { OutpostError } from "../../errors.js";
import type { D1Database } from "./database.js";
import { D1Error } from "./errors.js";
import { quoteName } from "../../storage/sqlite.js";

/** Where a database's migrations are, and the table that records which have been applied. */
export type MigrationsConfig = Pick<D1DatabaseBinding, "migrations_dir" | "migrations_table">;

export type D1MigrationsErrorCode =
  /** The migrations directory does not exist. */
  | "ERR_D1_MIGRATIONS_DIR_MISSING"
  /** A new migration's message has nothing to name its file with. */
  | "ERR_D1_MIGRATION_MESSAGE_EMPTY";

export class D1MigrationsError extends OutpostError<D1MigrationsErrorCode> {}

export interface ApplyOutcome {
  /** File names of the migrations applied, in order. */
  applied: string[];
  /** The migration that failed, rolled back and not recorded; the ones after it were not tried. */
  failure?: { migration: string; error: D1Error };
}

/**
 * Creates the next migration file, `NNNN_<message as snake_case>.sql`, numbered after the highest
 * in the directory, which is created when missing. Answers its path.
 */
export async function createMigration(dir: string, message: string): Promise<string> {
  const slug = message
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "_")
    .replace(/^_+|_+$/g, "");
  if (slug === "") {
    throw new D1MigrationsError("ERR_D1_MIGRATION_MESSAGE_EMPTY", `The migration message "${message}" has no letters or digits to name the file with; describe the change, such as "create users".`);
  }
  await mkdir(dir, { recursive: true });
  const numbers = (await readdir(dir)).map(leadingNumber).filter(Number.isFinite);
  const number = String(Math.max(0, ...numbers) + 1).padStart(4, "0");
  const file = path.join(dir, `${number}_${slug}.sql`);
  await writeFile(file, `-- Migration number: ${number} \t ${new Date().toISOString()}\n`, { flag: "wx" });
  return file;
}

/** File names of the migrations not yet applied to `database`, in the order they apply. */
export async function unappliedMigrations(database: D1Database, config: MigrationsConfig): Promise<string[]> {
  const files = await migrationFiles(config.migrations_dir);
  const applied = appliedMigrations(database, config.migrations_table);
  return files.filter((file) => !applied.has(file));
}

/**
 * Applies each unapplied migration in order, each in one transaction with the row recording it,
 * so a migration applies whole or not at all. Stops at the first that fails: the ones before it stay.
 */
export async function applyMigrations(database: D1Database, config: MigrationsConfig): Promise<ApplyOutcome> {
  const table = quoteName(config.migrations_table);
  await database.run([
    {
      sql: `CREATE TABLE IF NOT EXISTS ${table}(
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT UNIQUE,
    applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
);`,
    },
  ]);
  const applied: string[] = [];
  for (const migration of await unappliedMigrations(database, config)) {
    const sql = await readFile(path.join(config.migrations_dir, migration), "utf8");
    try {
      await database.run([{ sql }, { sql: `INSERT INTO ${table} (name) VALUES (?)`, params: [migration] }]);
    } catch (error) {
      if (!(error instanceof D1Error)) throw error;
      return { applied, failure: { migration, error } };
    }
    applied.push(migration);
  }
  return { applied };
}

/** The `.sql` files of the migrations directory, ordered by their leading number. */
async function migrationFiles(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    throw new D1MigrationsError(
      "ERR_D1_MIGRATIONS_DIR_MISSING",
      `No migrations directory at ${dir}. Create the first migration with \`outpost d1 migrations create <DB> <message>\`, or set the database's migrations_dir in the config.`,
      { cause: error },
    );
  }
  // Files without a number sort last, by name.
  return names.filter((name) => name.endsWith(".sql")).sort((a, b) => leadingNumber(a) - leadingNumber(b) || (a < b ? -1 : a > b ? 1 : 0));
}

function leadingNumber(name: string): number {
  const digits = /^\d+/.exec(name);
  return digits === null ? Infinity : Number(digits[0]);
}

/** Names recorded in the migrations table; none while it does not exist. */
function appliedMigrations(database: D1Database, table: string): Set<string> {
  return database.snapshot((rows) => {
    const [exists] = [...rows("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", table)];
    return new Set(exists === undefined ? [] : [...rows(`SELECT name FROM ${quoteName(table)}`)].map(([name]) => String(name)));
  });
}
