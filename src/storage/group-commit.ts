import type { SqliteDatabase } from "./sqlite.js";

type Write = () => void;

/**
 * Commits writes in groups: writes that arrive while the event loop is busy are applied in one
 * transaction at the next turn, so many concurrent writers share one fsync. Each write's promise
 * resolves only once its transaction has committed, and so is durable.
 */
export class GroupCommit {
  readonly #db: SqliteDatabase;
  #pending: { write: Write; resolve: () => void; reject: (error: unknown) => void }[] = [];

  constructor(db: SqliteDatabase) {
    this.#db = db;
  }

  run(write: Write): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.#pending.length === 0) setImmediate(() => this.#commit());
      this.#pending.push({ write, resolve, reject });
    });
  }

  #commit(): void {
    const group = this.#pending;
    this.#pending = [];
    try {
      this.#db.transaction(() => {
        for (const { write } of group) write();
      })();
    } catch {
      // One bad write must not fail the others: retry each in a transaction of its own.
      for (const { write, resolve, reject } of group) {
        try {
          this.#db.transaction(write)();
          resolve();
        } catch (error) {
          reject(error);
        }
      }
      return;
    }
    for (const { resolve } of group) resolve();
  }
}
