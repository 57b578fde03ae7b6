import type { SqliteDatabase } from "./sqlite.js";

interface PendingWrite {
  write: () => unknown;
  resolve: (result: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Commits writes in groups: writes that arrive while the event loop is busy run in one
 * transaction at the next turn, so many concurrent writers share one fsync. Each write runs in a
 * savepoint of its own, so one that throws is rolled back and rejected alone. Each promise settles
 * only once the group has committed, so a resolved write is durable.
 */
export class GroupCommit {
  readonly #db: SqliteDatabase;
  readonly #afterCommit: () => void;
  #pending: PendingWrite[] = [];

  /** `afterCommit` runs after each group's commit, before its writes are answered. */
  constructor(db: SqliteDatabase, afterCommit: () => void = () => {}) {
    this.#db = db;
    this.#afterCommit = afterCommit;
  }

  run<T>(write: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.#pending.length === 0) setImmediate(() => this.#commit());
      this.#pending.push({ write, resolve: resolve as (result: unknown) => void, reject });
    });
  }

  #commit(): void {
    const group = this.#pending;
    this.#pending = [];
    const outcomes: ({ ok: true; result: unknown } | { ok: false; error: unknown })[] = [];
    try {
      this.#db.transaction(() => {
        for (const { write } of group) {
          try {
            outcomes.push({ ok: true, result: this.#db.transaction(write)() });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      })();
    } catch (error) {
      for (const { reject } of group) reject(error);
      return;
    }
    this.#afterCommit();
    group.forEach(({ resolve, reject }, index) => {
      const outcome = outcomes[index]!;
      if (outcome.ok) resolve(outcome.result);
      else reject(outcome.error);
    });
  }
}
