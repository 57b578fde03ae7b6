import { existsSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { quoteName, quoteText } from "../../storage/sqlite.js";
import { BLOB_COLUMNS, DOUBLE_COLUMNS, STORE_PATH } from "./columns.js";

export interface QueryResult {
  columns: string[];
  rows: unknown[][];
}

const VIEW_COLUMNS = ["dataset", "datetime(timestamp / 1000, 'unixepoch') AS timestamp", "index1", ...BLOB_COLUMNS, ...DOUBLE_COLUMNS, "_sample_interval"];

/**
 * Read-only SQL over the data points under a `--persist-to` directory, in SQLite's dialect: each
 * dataset is a table of its name, with Analytics Engine's columns and `timestamp` as
 * ClickHouse's DateTime text (`2026-12-07 04:05:06`, UTC). The file is opened read-only, so a
 * statement that would write is refused by SQLite.
 */
export class DatasetQueries {
  readonly #db: Database.Database;
  /** The datasets that are tables here: those written to, and those the caller knows of. */
  readonly datasets: readonly string[];

  protected constructor(db: Database.Database, known: readonly string[]) {
    this.#db = db;
    const written = db.prepare<[], { dataset: string }>("SELECT DISTINCT dataset FROM data_points").all().map((row) => row.dataset);
    this.datasets = [...new Set([...written, ...known])].sort();
    for (const dataset of this.datasets) {
      db.exec(`CREATE TEMP VIEW ${quoteName(dataset)} AS SELECT ${VIEW_COLUMNS.join(", ")} FROM main.data_points WHERE dataset = ${quoteText(dataset)}`);
    }
  }

  /** `undefined` when no worker has written a data point under `persistTo`. */
  static open(persistTo: string, knownDatasets: readonly string[]): DatasetQueries | undefined {
    const file = path.join(persistTo, ...STORE_PATH);
    return existsSync(file) ? new DatasetQueries(new Database(file, { readonly: true, fileMustExist: true }), knownDatasets) : undefined;
  }

  /** Runs one statement; throws SQLite's error for one it refuses. */
  query(sql: string): QueryResult {
    const statement = this.#db.prepare(sql);
    if (!statement.reader) throw new Error("only a statement that returns rows can run here");
    statement.raw(true);
    return { columns: statement.columns().map((column) => column.name), rows: statement.all() as unknown[][] };
  }

  close(): void {
    this.#db.close();
  }
}
