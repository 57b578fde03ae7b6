import path from "node:path";
import type { Statement } from "better-sqlite3";
import { GroupCommit } from "../../storage/group-commit.js";
import { openSqlite, type SqliteDatabase } from "../../storage/sqlite.js";
import { BLOB_COLUMNS, DOUBLE_COLUMNS, STORE_PATH } from "./columns.js";
import { storedField, type SentDataPoint } from "./data-point.js";

/**
 * Every dataset's data points in one table, with Analytics Engine's columns. As there, a blob the
 * worker did not give is `''` and a double is `0`; nothing is sampled, so `_sample_interval` is 1.
 * `timestamp` is in milliseconds since the epoch.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS data_points (
  dataset TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  index1 TEXT NOT NULL,
  ${BLOB_COLUMNS.map((column) => `${column} TEXT NOT NULL DEFAULT ''`).join(",\n  ")},
  ${DOUBLE_COLUMNS.map((column) => `${column} REAL NOT NULL DEFAULT 0`).join(",\n  ")},
  _sample_interval INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX IF NOT EXISTS data_points_by_dataset ON data_points (dataset, timestamp);
`;

const INSERTED_COLUMNS = ["dataset", "timestamp", "index1", ...BLOB_COLUMNS, ...DOUBLE_COLUMNS];

/** Where workers' data points are written, under `<persistTo>/analytics-engine/`. Writes commit in groups. */
export class DataPointStore {
  readonly #db: SqliteDatabase;
  readonly #commits: GroupCommit;
  readonly #insert: Statement<unknown[]>;

  constructor(persistTo: string) {
    this.#db = openSqlite(path.join(persistTo, ...STORE_PATH));
    this.#db.exec(SCHEMA);
    this.#commits = new GroupCommit(this.#db);
    this.#insert = this.#db.prepare(`INSERT INTO data_points (${INSERTED_COLUMNS.join(", ")}) VALUES (${INSERTED_COLUMNS.map(() => "?").join(", ")})`);
  }

  /** Resolves once the data points are on disk. */
  append(dataset: string, points: readonly SentDataPoint[]): Promise<void> {
    return this.#commits.run(() => {
      for (const point of points) {
        const blobs = BLOB_COLUMNS.map((_, i) => storedField(point.blobs[i] ?? ""));
        const doubles = DOUBLE_COLUMNS.map((_, i) => point.doubles[i] ?? 0);
        this.#insert.run(dataset, point.timestamp, storedField(point.index1), ...blobs, ...doubles);
      }
    });
  }

  close(): void {
    this.#db.close();
  }
}
