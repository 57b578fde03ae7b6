import type { Statement } from "better-sqlite3";
import { GroupCommit } from "../../storage/group-commit.js";
import { openSqlite, type SqliteDatabase } from "../../storage/sqlite.js";
import { formatBookmark } from "./bookmark.js";
import { D1Error } from "./errors.js";
import { D1History } from "./history.js";
import { MAX_BOUND_PARAMETERS, MAX_STATEMENT_BYTES } from "./limits.js";
import { parameterSlots, type ParameterSlots } from "./sql-parameters.js";
import { splitStatements } from "./sql-statements.js";
import { firstWord } from "./sql-tokens.js";
import { authorizeStatement } from "./statement-authorizer.js";

export interface D1Query {
  sql: string;
  /** Values as the binding sends them: numbers, strings, null, and BLOBs as arrays of bytes. */
  params?: unknown[];
}

export interface D1Meta {
  served_by: string;
  served_by_primary: boolean;
  total_attempts: number;
  duration: number;
  timings: { sql_duration_ms: number };
  changes: number;
  last_row_id: number;
  changed_db: boolean;
  size_after: number;
  rows_read: number;
  rows_written: number;
}

export interface D1StatementResult {
  columns: string[];
  /** Rows as arrays of values; BLOBs as arrays of bytes, as the binding expects. */
  rows: unknown[][];
  meta: D1Meta;
}

/** Iterates the rows of one query, as `D1Database.snapshot` reads them. */
export type SnapshotRows = (sql: string, ...params: unknown[]) => IterableIterator<unknown[]>;

/** Prepared statements, and statement lists of SQL texts, kept per database. */
const STATEMENT_CACHE_SIZE = 256;

/**
 * One D1 database: a SQLite file of its own. Each call's statements run in one transaction, so a
 * failure rolls all of them back; calls that write are committed in groups, durably, before
 * they are answered.
 */
export class D1Database {
  readonly file: string;
  /** Every committed state since the retention's start, for Time Travel. */
  readonly history: D1History;
  readonly #db: SqliteDatabase;
  readonly #commits: GroupCommit;
  readonly #statements = new Map<string, Statement>();
  readonly #splits = new Map<string, string[]>();
  readonly #slots = new Map<string, ParameterSlots>();
  readonly #counters: Statement<[], [number, number]>;
  readonly #pageCount: Statement<[], number>;
  readonly #pageSize: number;

  constructor(file: string, now: () => number = Date.now) {
    this.file = file;
    this.#db = openSqlite(file);
    // Only the history folds the log into the file, once the log's frames are copied.
    this.#db.pragma("wal_autocheckpoint = 0");
    this.history = new D1History(file, this.#db, now);
    this.#commits = new GroupCommit(this.#db, () => this.#archive());
    this.#counters = this.#db.prepare("SELECT total_changes(), last_insert_rowid()").raw(true) as Statement<[], [number, number]>;
    this.#pageCount = this.#db.prepare("PRAGMA page_count").pluck() as Statement<[], number>;
    this.#pageSize = this.#db.pragma("page_size", { simple: true }) as number;
  }

  /** Runs `queries` in one transaction and answers each one's result (the last statement's, when it has several). */
  async run(queries: readonly D1Query[]): Promise<D1StatementResult[]> {
    if (queries.every((query) => this.#split(query.sql).length === 0)) throw new D1Error("ERR_SQL", "No SQL statements detected.");
    if (this.#readonly(queries)) return this.#execute(queries);
    try {
      return await this.#commits.run(() => this.#execute(queries));
    } catch (error) {
      // A call's own failures are D1Errors; SQLite's own error is its group's commit failing.
      if (error instanceof D1Error || !isSqliteError(error)) throw error;
      return this.#commitAlone(queries);
    }
  }

  /**
   * Runs `queries` in a transaction of their own. A group's commit fails as a whole when one of
   * its calls left a deferred foreign key violated (`PRAGMA defer_foreign_keys = ON`), which SQLite
   * checks only at the commit; each call of the group then commits alone, so only that one fails.
   */
  #commitAlone(queries: readonly D1Query[]): D1StatementResult[] {
    let results: D1StatementResult[];
    try {
      results = this.#db.transaction(() => this.#execute(queries))();
    } catch (error) {
      if (error instanceof D1Error || !isSqliteError(error)) throw error;
      throw violatedAtCommit(error);
    }
    this.#archive();
    return results;
  }

  /**
   * Runs `queries` one after another, each in a transaction of its own, and stops at the first
   * that fails: what came before it stays, as `exec()` runs lines on D1.
   */
  async runEach(queries: readonly D1Query[]): Promise<(D1StatementResult | D1Error)[]> {
    const outcomes: (D1StatementResult | D1Error)[] = [];
    for (const query of queries) {
      try {
        outcomes.push(...(await this.run([query])));
      } catch (error) {
        if (!(error instanceof D1Error)) throw error;
        outcomes.push(error);
        break;
      }
    }
    return outcomes;
  }

  /**
   * Runs `read` in one transaction, so all it reads is one state of the database while others
   * write. `rows` yields a query's rows one at a time, as arrays with INTEGERs as bigints (exact
   * past 2^53) and BLOBs as Buffers; read one query's rows to the end before starting another.
   */
  snapshot<T>(read: (rows: SnapshotRows) => T): T {
    const rows: SnapshotRows = (sql, ...params) => sqliteCall(() => this.#db.prepare(sql).raw(true).safeIntegers(true).iterate(...params) as IterableIterator<unknown[]>);
    return this.#db.transaction(() => read(rows))();
  }

  /**
   * Copies the group just committed into the history. A failure here must not fail writes that
   * are committed; their frames stay in the log, which is not folded until they are copied, and
   * the next commit or open copies them.
   */
  #archive(): void {
    try {
      this.history.archive();
    } catch {
      return;
    }
  }

  /** The bookmark of the newest committed state. */
  bookmark(): string {
    return formatBookmark(this.history.latest().seq);
  }

  close(): void {
    this.history.close();
    this.#db.close();
  }

  /**
   * Whether every statement of `queries` prepares now and only reads, so no transaction is needed.
   * A PRAGMA is neither prepared nor run outside one: SQLite applies it as it prepares it, and
   * D1 prepares every statement in the transaction of its call, where `foreign_keys = OFF` (as
   * Drizzle's migrations begin) is a no-op and `defer_foreign_keys = ON` lasts to the commit.
   */
  #readonly(queries: readonly D1Query[]): boolean {
    try {
      return queries.every((query) => this.#split(query.sql).every((sql) => !isPragma(sql) && this.#prepare(sql, query.params).readonly));
    } catch {
      return false;
    }
  }

  #execute(queries: readonly D1Query[]): D1StatementResult[] {
    return queries.flatMap((query) => {
      const statements = this.#split(query.sql);
      return statements.length === 0 ? [] : [this.#executeQuery(statements, query.params ?? [])];
    });
  }

  #split(text: string): string[] {
    return cached(this.#splits, text, () => splitStatements(text));
  }

  #prepare(sql: string, params: readonly unknown[] | undefined): Statement {
    if ((params?.length ?? 0) > MAX_BOUND_PARAMETERS) {
      throw new D1Error("ERR_LIMIT", `too many SQL variables (${params!.length}; the limit is ${MAX_BOUND_PARAMETERS}): SQLITE_ERROR`);
    }
    if (Buffer.byteLength(sql) > MAX_STATEMENT_BYTES) {
      throw new D1Error("ERR_LIMIT", `Statement too long (${Buffer.byteLength(sql)} bytes; the limit is ${MAX_STATEMENT_BYTES}): SQLITE_TOOBIG`);
    }
    return cached(this.#statements, sql, () => {
      authorizeStatement(sql);
      return sqliteCall(() => this.#db.prepare(sql));
    });
  }

  #executeQuery(statements: readonly string[], params: readonly unknown[]): D1StatementResult {
    let result: D1StatementResult | undefined;
    for (const [index, sql] of statements.entries()) {
      const statement = this.#prepare(sql, params);
      const values = this.#bindArguments(sql, params, index === statements.length - 1);
      const started = performance.now();
      // A read-only statement changes nothing, so its counters and size need reading only once.
      const before = statement.readonly ? undefined : { counters: this.#counters.get()!, size: this.#size() };
      let columns: string[] = [];
      let rows: unknown[][] = [];
      sqliteCall(() => {
        if (statement.reader) {
          columns = statement.columns().map((column) => column.name);
          rows = (statement.raw(true).all(...values) as unknown[][]).map((row) => row.map(fromSqlite));
        } else {
          statement.run(...values);
        }
      });
      const [changesAfter, rowIdAfter] = this.#counters.get()!;
      const sizeAfter = this.#size();
      const duration = performance.now() - started;
      const [changesBefore, rowIdBefore] = before?.counters ?? [changesAfter, rowIdAfter];
      const sizeBefore = before?.size ?? sizeAfter;
      const changes = changesAfter - changesBefore;
      result = {
        columns,
        rows,
        meta: {
          served_by: "outpost",
          served_by_primary: true,
          total_attempts: 1,
          duration,
          timings: { sql_duration_ms: duration },
          changes,
          last_row_id: rowIdAfter,
          changed_db: changes > 0 || rowIdAfter !== rowIdBefore || sizeAfter !== sizeBefore,
          size_after: sizeAfter,
          rows_read: statement.reader ? rows.length : 0,
          rows_written: changes,
        },
      };
    }
    return result!;
  }

  /**
   * better-sqlite3's arguments binding a query's `params` to the parameters of `sql`, one of its
   * statements, by their numbers, as workerd binds D1's values: only the `last` statement takes
   * values, one for each number; they go as the anonymous parameters' values in order, then an
   * object of the named ones' (`?3` included) by name without its first character.
   */
  #bindArguments(sql: string, params: readonly unknown[], last: boolean): unknown[] {
    const slots = cached(this.#slots, sql, () => parameterSlots(sql));
    if (!last) {
      if (slots.count > 0) throw new D1Error("ERR_BINDINGS", "When executing multiple SQL statements in a single call, only the last statement can have parameters.");
      return [];
    }
    if (slots.count !== params.length) throw new D1Error("ERR_BINDINGS", "Wrong number of parameter bindings for SQL query.");
    const values = params.map(toSqlite);
    if (slots.names.size === 0) return values;
    const anonymous: unknown[] = [];
    const named: Record<string, unknown> = {};
    values.forEach((value, i) => {
      const name = slots.names.get(i + 1);
      if (name === undefined) anonymous.push(value);
      else named[name.slice(1)] = value;
    });
    return [...anonymous, named];
  }

  /** Bytes the database takes, its pages in use: the WAL is not yet in the file's own size. */
  #size(): number {
    return this.#pageCount.get()! * this.#pageSize;
  }
}

/** `map`'s entry for `key`, made by `make` when missing; the oldest entry goes past the cache size. */
function cached<T>(map: Map<string, T>, key: string, make: () => T): T {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
    if (map.size > STATEMENT_CACHE_SIZE) map.delete(map.keys().next().value!);
  }
  return value;
}

/** SQLite's INTEGERs are 64-bit: whole numbers from -2^63 up to, not including, 2^63. */
const INTEGER_LIMIT = 2 ** 63;

/**
 * JSON numbers that are whole bind as INTEGER, as D1 binds them, unless they are past SQLite's
 * INTEGER range (1e20), which bind as REAL; arrays of bytes bind as BLOBs.
 */
function toSqlite(value: unknown): unknown {
  if (typeof value === "number" && Number.isInteger(value) && value >= -INTEGER_LIMIT && value < INTEGER_LIMIT) return BigInt(value);
  if (Array.isArray(value)) return Buffer.from(value as number[]);
  return value;
}

function fromSqlite(value: unknown): unknown {
  return Buffer.isBuffer(value) ? [...value] : value;
}

function isPragma(sql: string): boolean {
  return firstWord(sql) === "PRAGMA";
}

function isSqliteError(error: unknown): error is Error & { code: string } {
  const { code } = error as { code?: unknown };
  return error instanceof Error && typeof code === "string" && code.startsWith("SQLITE_");
}

/** A commit's failure as wrangler dev's D1 words it when the transaction left a constraint violated. */
function violatedAtCommit(error: Error & { code: string }): D1Error {
  const failure = d1ErrorOf(error);
  if (!error.code.startsWith("SQLITE_CONSTRAINT")) return failure;
  return new D1Error(
    "ERR_SQL",
    `Durable Object was reset and rolled back to its last known good state because the application left the database in a state where constraints were violated: ${failure.message}`,
    { cause: error },
  );
}

/**
 * Runs SQLite work, turning its errors into D1's as workerd words them: SQLite's message, then
 * its primary result code, then the extended one where there is one
 * (`UNIQUE constraint failed: t.a: SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_UNIQUE)`).
 */
function sqliteCall<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (!isSqliteError(error)) throw error;
    throw d1ErrorOf(error);
  }
}

function d1ErrorOf(error: Error & { code: string }): D1Error {
  const primary = error.code.split("_").slice(0, 2).join("_");
  return new D1Error("ERR_SQL", `${error.message}: ${primary}${error.code === primary ? "" : ` (extended: ${error.code})`}`, { cause: error });
}
