import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { useFixtureCopy, useRunningCopy } from "../helpers/fixture-copy.js";
import { OutpostDev } from "../helpers/outpost-cli.js";
import { until } from "../helpers/until.js";
import { d1Call, d1Rows } from "./d1-client.js";

/** Inserts acknowledged before the whole process tree is killed, the writers still running. */
const INSERTS_BEFORE_KILL = 200;

describe("D1 binding: statements, results and errors through workerd's D1 API", () => {
  let dev: OutpostDev;
  useRunningCopy("d1", (started) => (dev = started));
  before(async () => {
    const setup = await d1Call(dev, {
      method: "exec",
      sql: "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, data BLOB, flag INTEGER, score REAL);",
    });
    assert.equal(setup.error, undefined, setup.error);
  });

  it("run: meta has changes, last_row_id, rows_read, rows_written, duration and size_after", async () => {
    const { result } = await d1Call(dev, { method: "run", statements: [{ sql: "INSERT INTO users (name, flag, score) VALUES (?, ?, ?)", params: ["ada", true, 1.5] }] });
    const { success, meta } = result as { success: boolean; meta: Record<string, unknown> };
    assert.equal(success, true);
    assert.equal(meta.changes, 1);
    assert.equal(meta.last_row_id, 1);
    assert.equal(meta.rows_written, 1);
    assert.equal(meta.changed_db, true);
    assert.equal(typeof meta.duration, "number");
    assert.ok((meta.size_after as number) > 0);
  });

  it("types: booleans become 0/1, whole numbers are INTEGER, BLOBs round-trip as byte arrays", async () => {
    await d1Call(dev, { method: "run", statements: [{ sql: "INSERT INTO users (name, data, flag) VALUES (?, ?, ?)", params: ["blob", { $bytes: [0, 1, 255] }, false] }] });
    const [row] = await d1Rows(dev, "SELECT data, flag, typeof(flag) AS flag_type, typeof(data) AS data_type FROM users WHERE name = ?", ["blob"]);
    assert.deepEqual(row, { data: [0, 1, 255], flag: 0, flag_type: "integer", data_type: "blob" });
    const [ada] = await d1Rows(dev, "SELECT flag, score, typeof(score) AS score_type FROM users WHERE name = 'ada'");
    assert.deepEqual(ada, { flag: 1, score: 1.5, score_type: "real" });
  });

  it("types: a whole number past SQLite's 64-bit INTEGERs binds as REAL", async () => {
    const [row] = await d1Rows(dev, "SELECT ?1 AS big, typeof(?1) AS big_type, ?2 AS small, typeof(?2) AS small_type", [1e20, -(2 ** 63)]);
    assert.deepEqual(row, { big: 1e20, big_type: "real", small: -(2 ** 63), small_type: "integer" });
  });

  it("types: a value the binding cannot bind is refused with D1_TYPE_ERROR", async () => {
    const { error } = await d1Call(dev, { method: "run", statements: [{ sql: "SELECT ?", params: [{}] }] });
    assert.match(error ?? "", /D1_TYPE_ERROR: Type 'object' not supported for value/);
  });

  it("first: the first row, a column of it, null when there is none, D1_COLUMN_NOTFOUND for a missing column", async () => {
    assert.deepEqual((await d1Call(dev, { method: "first", statements: [{ sql: "SELECT id, name FROM users ORDER BY id" }] })).result, { id: 1, name: "ada" });
    assert.equal((await d1Call(dev, { method: "firstColumn", column: "name", statements: [{ sql: "SELECT name FROM users ORDER BY id" }] })).result, "ada");
    assert.equal((await d1Call(dev, { method: "first", statements: [{ sql: "SELECT * FROM users WHERE id = ?", params: [999] }] })).result, null);
    assert.equal((await d1Call(dev, { method: "firstColumn", column: "nope", statements: [{ sql: "SELECT name FROM users" }] })).error, "D1_COLUMN_NOTFOUND: Column not found (nope)");
  });

  it("raw: arrays of values, with a header row under columnNames, duplicates kept", async () => {
    assert.deepEqual((await d1Call(dev, { method: "raw", statements: [{ sql: "SELECT id, name FROM users WHERE id = 1" }] })).result, [[1, "ada"]]);
    assert.deepEqual((await d1Call(dev, { method: "rawWithNames", statements: [{ sql: "SELECT id AS x, name AS x FROM users WHERE id = 1" }] })).result, [
      ["x", "x"],
      [1, "ada"],
    ]);
  });

  it("all: several statements in one prepare answer the last one's result", async () => {
    const { result } = await d1Call(dev, { method: "all", statements: [{ sql: "SELECT 1 AS a; SELECT 2 AS b" }] });
    assert.deepEqual((result as { results: unknown[] }).results, [{ b: 2 }]);
  });

  it("batch: one transaction; a failing statement rolls every statement back", async () => {
    const ok = await d1Call(dev, {
      method: "batch",
      statements: [
        { sql: "INSERT INTO users (name) VALUES (?)", params: ["b1"] },
        { sql: "SELECT count(*) AS n FROM users" },
      ],
    });
    const results = ok.result as { results: { n?: number }[] }[];
    assert.equal(results.length, 2);
    assert.equal(results[1]!.results[0]!.n, 3);
    const failed = await d1Call(dev, {
      method: "batch",
      statements: [
        { sql: "INSERT INTO users (name) VALUES (?)", params: ["rolled back"] },
        { sql: "INSERT INTO users (name) VALUES (?)", params: ["ada"] },
      ],
    });
    assert.match(failed.error ?? "", /^D1_ERROR: UNIQUE constraint failed: users\.name: SQLITE_CONSTRAINT/);
    assert.deepEqual(await d1Rows(dev, "SELECT name FROM users WHERE name = 'rolled back'"), []);
  });

  it("batch: one that leaves a deferred foreign key violated fails alone at its commit, in wrangler dev's words, and changes nothing", async () => {
    const setup = await d1Call(dev, {
      method: "exec",
      sql: "CREATE TABLE authors (id INTEGER PRIMARY KEY);\nCREATE TABLE books (id INTEGER PRIMARY KEY, author INTEGER NOT NULL REFERENCES authors (id));\nINSERT INTO authors VALUES (1);\nINSERT INTO books VALUES (1, 1);",
    });
    assert.equal(setup.error, undefined, setup.error);
    const deferred = { sql: "PRAGMA defer_foreign_keys = ON" };
    const [violating, innocent] = await Promise.all([
      d1Call(dev, { method: "batch", statements: [deferred, { sql: "DELETE FROM authors" }] }),
      d1Call(dev, { method: "run", statements: [{ sql: "INSERT INTO authors VALUES (2)" }] }),
    ]);
    assert.equal(
      violating.error,
      "D1_ERROR: Durable Object was reset and rolled back to its last known good state because the application left the database in a state where constraints were violated: FOREIGN KEY constraint failed: SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_FOREIGNKEY)",
    );
    assert.equal(innocent.error, undefined, innocent.error);
    assert.deepEqual(await d1Rows(dev, "SELECT id FROM authors ORDER BY id"), [{ id: 1 }, { id: 2 }]);
    const rewritten = await d1Call(dev, {
      method: "batch",
      statements: [deferred, { sql: "DELETE FROM authors WHERE id = 1" }, { sql: "INSERT INTO authors VALUES (1)" }],
    });
    assert.equal(rewritten.error, undefined, rewritten.error);
  });

  it("exec: runs each line, counts them, and names the failing line", async () => {
    const { result } = await d1Call(dev, { method: "exec", sql: "INSERT INTO users (name) VALUES ('e1');\nINSERT INTO users (name) VALUES ('e2');" });
    assert.equal((result as { count: number }).count, 2);
    const { error } = await d1Call(dev, { method: "exec", sql: "SELECT 1;\nSELECT * FROM missing_table;\nSELECT 3;" });
    assert.equal(error, "D1_EXEC_ERROR: Error in line 2: SELECT * FROM missing_table;: no such table: missing_table: SQLITE_ERROR");
  });

  it("errors: SQLite's message and result code after D1_ERROR, then the extended code where there is one, as workerd words them", async () => {
    assert.equal((await d1Call(dev, { method: "all", statements: [{ sql: "SELECT * FROM nope" }] })).error, "D1_ERROR: no such table: nope: SQLITE_ERROR");
    assert.equal(
      (await d1Call(dev, { method: "run", statements: [{ sql: "INSERT INTO users (name) VALUES (?)", params: ["ada"] }] })).error,
      "D1_ERROR: UNIQUE constraint failed: users.name: SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_UNIQUE)",
    );
    assert.equal(
      (await d1Call(dev, { method: "run", statements: [{ sql: "INSERT INTO users (name) VALUES (NULL)" }] })).error,
      "D1_ERROR: NOT NULL constraint failed: users.name: SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_NOTNULL)",
    );
  });

  it("parameters: ?NNN and :name, @name, $name bind by their numbers, as D1's ordered parameters", async () => {
    const rows = async (sql: string, params: unknown[]) => ((await d1Call(dev, { method: "raw", statements: [{ sql, params }] })).result as unknown[][])[0];
    assert.deepEqual(await rows("SELECT ?2, ?1, ?2", ["first", "second"]), ["second", "first", "second"]);
    assert.deepEqual(await rows("SELECT ?3", [1, 2, 3]), [3]);
    assert.deepEqual(await rows("SELECT ?, :x, @y, $z, :x, ?", [1, 2, 3, 4, 5]), [1, 2, 3, 4, 2, 5]);
    assert.deepEqual(await rows("SELECT name FROM users WHERE id = ?1 AND name <> '?2' -- ?3\n", [1]), ["ada"]);
  });

  it("parameters: too few or too many values, or values for a statement before the last, are refused as workerd refuses them", async () => {
    const errorOf = async (sql: string, params: unknown[]) => (await d1Call(dev, { method: "all", statements: [{ sql, params }] })).error;
    const wrongNumber = "D1_ERROR: Wrong number of parameter bindings for SQL query.";
    assert.equal(await errorOf("SELECT ?", []), wrongNumber);
    assert.equal(await errorOf("SELECT ?", [1, 2]), wrongNumber);
    assert.equal(await errorOf("SELECT ?2", [1]), wrongNumber);
    assert.equal(await errorOf("SELECT 1", [1]), wrongNumber);
    assert.equal(await errorOf("SELECT ?; SELECT 2", [1]), "D1_ERROR: When executing multiple SQL statements in a single call, only the last statement can have parameters.");
    assert.deepEqual((await d1Call(dev, { method: "raw", statements: [{ sql: "SELECT 1; SELECT ?", params: [5] }] })).result, [[5]]);
  });

  it("limits: more than 100 bound parameters, and a statement over 100 KB", async () => {
    const params = Array.from({ length: 101 }, (_, i) => i);
    const tooMany = await d1Call(dev, { method: "all", statements: [{ sql: `SELECT ${params.map(() => "?").join(",")}`, params }] });
    assert.match(tooMany.error ?? "", /^D1_ERROR: too many SQL variables/);
    const long = await d1Call(dev, { method: "all", statements: [{ sql: `SELECT '${"x".repeat(100_001)}'` }] });
    assert.match(long.error ?? "", /^D1_ERROR: Statement too long/);
  });

  it("SQLite: FTS5, JSON functions and window functions work", async () => {
    const { error } = await d1Call(dev, { method: "exec", sql: "CREATE VIRTUAL TABLE docs USING fts5(body);\nINSERT INTO docs VALUES ('outpost runs workers');" });
    assert.equal(error, undefined);
    assert.deepEqual(await d1Rows(dev, "SELECT body FROM docs WHERE docs MATCH 'workers'"), [{ body: "outpost runs workers" }]);
    assert.deepEqual(await d1Rows(dev, "SELECT json_extract('{\"a\":[1,2]}', '$.a[1]') AS v"), [{ v: 2 }]);
    assert.deepEqual(await d1Rows(dev, "SELECT id, row_number() OVER (ORDER BY id DESC) AS r FROM users WHERE id <= 2 ORDER BY id"), [
      { id: 1, r: 2 },
      { id: 2, r: 1 },
    ]);
  });

  it("triggers: a CREATE TRIGGER with a BEGIN … END body runs on insert", async () => {
    const created = await d1Call(dev, {
      method: "run",
      statements: [
        {
          sql: "CREATE TABLE audit (user_id INTEGER); CREATE TRIGGER audit_users AFTER INSERT ON users BEGIN INSERT INTO audit VALUES (new.id); SELECT 1; END;",
        },
      ],
    });
    assert.equal(created.error, undefined, created.error);
    await d1Call(dev, { method: "run", statements: [{ sql: "INSERT INTO users (name) VALUES ('audited')" }] });
    assert.equal((await d1Rows(dev, "SELECT count(*) AS n FROM audit"))[0]!.n, 1);
  });

  it("transactions: BEGIN, COMMIT, SAVEPOINT and the like are refused in workerd's words and change nothing, as drizzle's db.transaction() fails on D1", async () => {
    const refused =
      "D1_ERROR: To execute a transaction, please use the state.storage.transaction() or state.storage.transactionSync() APIs instead of the SQL BEGIN TRANSACTION or SAVEPOINT statements. The JavaScript API is safer because it will automatically roll back on exceptions, and because it interacts correctly with Durable Objects' automatic atomic write coalescing.";
    for (const sql of ["begin", "BEGIN IMMEDIATE TRANSACTION", "COMMIT", "END", "ROLLBACK", "SAVEPOINT s1", "RELEASE s1", "/* tx */ ROLLBACK TO s1"]) {
      assert.equal((await d1Call(dev, { method: "run", statements: [{ sql }] })).error, refused, sql);
    }
    const batch = await d1Call(dev, { method: "batch", statements: [{ sql: "INSERT INTO users (name) VALUES ('in-tx')" }, { sql: "BEGIN" }] });
    assert.equal(batch.error, refused);
    assert.deepEqual(await d1Rows(dev, "SELECT count(*) AS n FROM users WHERE name = 'in-tx'"), [{ n: 0 }]);
    assert.equal((await d1Call(dev, { method: "run", statements: [{ sql: "INSERT INTO users (name) VALUES ('after-tx')" }] })).error, undefined, "the database is in no transaction left open");
  });

  it("authorizer: PRAGMAs, functions and objects workerd's SQLite authorizer keeps from D1 are refused; the ones it allows run", async () => {
    const errorOf = async (sql: string) => (await d1Call(dev, { method: "all", statements: [{ sql }] })).error;
    for (const sql of ["PRAGMA journal_mode", "PRAGMA user_version = 3", "PRAGMA foreign_keys = 2", "SELECT * FROM pragma_compile_options", "ATTACH ':memory:' AS x", "CREATE TEMP TABLE t (a)", "CREATE TABLE _cf_mine (a)"]) {
      assert.equal(await errorOf(sql), "D1_ERROR: not authorized: SQLITE_AUTH", sql);
    }
    assert.equal(await errorOf("SELECT 1; SELECT  sqlite_version()"), "D1_ERROR: not authorized to use function: sqlite_version at offset 8: SQLITE_ERROR");
    assert.deepEqual(await d1Rows(dev, "PRAGMA foreign_keys"), [{ foreign_keys: 1 }]);
    assert.equal(await errorOf("PRAGMA defer_foreign_keys = ON"), undefined);
    assert.deepEqual(await d1Rows(dev, "SELECT name FROM pragma_table_info('users') WHERE pk = 1"), [{ name: "id" }]);
  });

  it("foreign keys: PRAGMA foreign_keys = OFF is a no-op, as D1 runs every call in a transaction, so a Drizzle table redefinition's DROP TABLE cascades as on D1 and foreign keys stay on", async () => {
    const setup = await d1Call(dev, {
      method: "exec",
      sql: "CREATE TABLE artists (id INTEGER PRIMARY KEY, name TEXT);\nCREATE TABLE albums (id INTEGER PRIMARY KEY, artist_id INTEGER NOT NULL REFERENCES artists(id) ON DELETE CASCADE);\nINSERT INTO artists VALUES (1, 'ann');\nINSERT INTO albums VALUES (1, 1);",
    });
    assert.equal(setup.error, undefined, setup.error);
    assert.equal((await d1Call(dev, { method: "run", statements: [{ sql: "PRAGMA foreign_keys = OFF" }] })).error, undefined);
    assert.deepEqual(await d1Rows(dev, "PRAGMA foreign_keys"), [{ foreign_keys: 1 }]);
    const redefined = await d1Call(dev, {
      method: "run",
      statements: [
        {
          sql: "PRAGMA foreign_keys=OFF;--> statement-breakpoint\nCREATE TABLE `__new_artists` (id INTEGER PRIMARY KEY, name TEXT NOT NULL DEFAULT 'anon');\nINSERT INTO `__new_artists` SELECT id, name FROM artists;\nDROP TABLE artists;\nALTER TABLE `__new_artists` RENAME TO artists;\nPRAGMA foreign_keys=ON;",
        },
      ],
    });
    assert.equal(redefined.error, undefined, redefined.error);
    assert.deepEqual(await d1Rows(dev, "SELECT count(*) AS n FROM albums"), [{ n: 0 }], "dropping the parent table deleted its children");
    assert.deepEqual(await d1Rows(dev, "PRAGMA foreign_keys"), [{ foreign_keys: 1 }]);
    const orphan = await d1Call(dev, { method: "run", statements: [{ sql: "INSERT INTO albums VALUES (2, 99)" }] });
    assert.equal(orphan.error, "D1_ERROR: FOREIGN KEY constraint failed: SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_FOREIGNKEY)");
  });

  it("withSession: getBookmark is null before the first query, then a bookmark", async () => {
    const { result } = await d1Call(dev, { method: "session" });
    const { before, after } = result as { before: unknown; after: unknown };
    assert.equal(before, null);
    assert.equal(typeof after, "string");
  });
});

describe("D1: durability", () => {
  let project: string;
  useFixtureCopy("d1", (copy) => (project = copy));

  it("kill -9 of the whole process tree during a write load: every acknowledged insert is there after restart", async (t) => {
    const dev = await OutpostDev.start([project]);
    await d1Call(dev, { method: "exec", sql: "CREATE TABLE events (id INTEGER PRIMARY KEY, at INTEGER);" });
    const acknowledged: number[] = [];
    let killed = false;
    const writer = async () => {
      while (!killed) {
        try {
          const response = await dev.fetch("/insert");
          if (response.ok && !killed) acknowledged.push((await response.json()) as number);
        } catch {
          return;
        }
      }
    };
    const load = Array.from({ length: 16 }, writer);
    await until(() => acknowledged.length >= INSERTS_BEFORE_KILL, () => `${INSERTS_BEFORE_KILL} inserts to be acknowledged (${acknowledged.length} so far)`, { timeoutMs: 60_000 });
    await dev.kill();
    killed = true;
    await Promise.all(load);
    t.diagnostic(`${acknowledged.length} inserts acknowledged before SIGKILL`);
    const restarted = await OutpostDev.start([project]);
    try {
      const ids = new Set((await d1Rows(restarted, "SELECT id FROM events")).map((row) => row.id as number));
      assert.deepEqual(acknowledged.filter((id) => !ids.has(id)), []);
    } finally {
      await restarted.kill();
    }
  });
});
