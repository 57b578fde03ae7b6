import path from "node:path";
import type { Statement } from "better-sqlite3";
import { openSqlite, type SqliteDatabase } from "../../storage/sqlite.js";

/**
 * Which minute each schedule last fired for, shared by every Outpost on one `--persist-to`, so
 * that of two processes only the first to claim a tick fires it.
 */
export class TickLease {
  readonly #db: SqliteDatabase;
  readonly #claim: Statement<[string, string, number]>;

  constructor(persistTo: string) {
    this.#db = openSqlite(path.join(persistTo, "cron", "ticks.sqlite"));
    this.#db.exec(`CREATE TABLE IF NOT EXISTS cron_ticks (
      worker TEXT NOT NULL,
      cron TEXT NOT NULL,
      fired_at INTEGER NOT NULL,
      PRIMARY KEY (worker, cron)
    ) WITHOUT ROWID`);
    this.#claim = this.#db.prepare(
      `INSERT INTO cron_ticks (worker, cron, fired_at) VALUES (?, ?, ?)
       ON CONFLICT (worker, cron) DO UPDATE SET fired_at = excluded.fired_at WHERE fired_at < excluded.fired_at`,
    );
  }

  /** True for the one caller that claims `worker`'s `cron` tick at `at` (ms); false for any other. */
  claim(worker: string, cron: string, at: number): boolean {
    return this.#claim.run(worker, cron, at).changes === 1;
  }

  close(): void {
    this.#db.close();
  }
}
