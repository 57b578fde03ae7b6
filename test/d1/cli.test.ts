import assert from "node:assert/strict";
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { copyFixture, useFixtureCopy, useRunningCopy } from "../helpers/fixture-copy.js";
import { failed, runOutpost, succeeded, withDev, type CliResult, type OutpostDev } from "../helpers/outpost-cli.js";
import { d1Call, d1Rows } from "./d1-client.js";

/** The fixture's database, besides which the copies bind empty ones: COPY and PARTS to import exports into, FTS for a virtual table. */
const EXTRA_DATABASES = [
  { binding: "COPY", database_name: "copy", database_id: "copy-db" },
  { binding: "PARTS", database_id: "parts-db" },
  { binding: "FTS", database_id: "fts-db" },
];

/** A fresh copy of the `d1` fixture in a temp directory, binding the extra databases too. */
async function copyProject(): Promise<string> {
  const project = await copyFixture("d1");
  const configFile = path.join(project, "wrangler.jsonc");
  const config = JSON.parse(await readFile(configFile, "utf8")) as { d1_databases: unknown[] };
  config.d1_databases.push(...EXTRA_DATABASES);
  await writeFile(configFile, JSON.stringify(config, null, 2));
  return project;
}

/** A fresh copy of the project for the enclosing `describe`, handed to `created`, and removed afterwards. */
function useProject(created: (project: string) => void): void {
  let project: string;
  before(async () => {
    project = await copyProject();
    created(project);
  });
  after(() => rm(project, { recursive: true, force: true }));
}

/** Runs `outpost d1 …` in `project`, so the config and relative file names are found there. */
function outpostD1(project: string, args: readonly string[]): Promise<CliResult> {
  return runOutpost(["d1", ...args], { cwd: project });
}

/** The rows of each statement of `sql`, as `execute --json` prints them. */
async function query(project: string, database: string, sql: string): Promise<Record<string, unknown>[][]> {
  const results = JSON.parse(await succeeded(outpostD1(project, ["execute", database, "--command", sql, "--json"]))) as { results: Record<string, unknown>[] }[];
  return results.map((result) => result.results);
}

/** Every table of a database with each value as SQL's `quote()` writes it, so types and exact bytes count; and the schema. */
async function contents(project: string, database: string): Promise<unknown> {
  const [schema] = await query(project, database, "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name");
  const tables = schema!.filter((entry) => entry.type === "table").map((entry) => String(entry.name));
  const dump: Record<string, unknown> = { schema };
  for (const table of tables) {
    const [columns] = await query(project, database, `SELECT name FROM pragma_table_info('${table.replaceAll("'", "''")}')`);
    const quoted = columns!.map(({ name }) => `quote("${String(name).replaceAll('"', '""')}")`).join(", ");
    const name = `"${table.replaceAll('"', '""')}"`;
    dump[table] = await query(project, database, `SELECT * FROM ${name} ORDER BY 1; SELECT ${quoted} FROM ${name} ORDER BY 1`);
  }
  return dump;
}

describe("outpost d1: the project's D1 databases from the command line", () => {
  let project: string;
  useProject((copy) => (project = copy));

  it("list: the config's databases, as a table and as JSON", async () => {
    assert.deepEqual(JSON.parse(await succeeded(outpostD1(project, ["list", "--json"]))), [
      { binding: "DB", database_name: "app", id: "00000000-0000-4000-8000-000000000001" },
      { binding: "COPY", database_name: "copy", id: "copy-db" },
      { binding: "PARTS", database_name: null, id: "parts-db" },
      { binding: "FTS", database_name: null, id: "fts-db" },
    ]);
    const table = await succeeded(outpostD1(project, ["list"]));
    assert.match(table, /^Binding\s+Name\s+ID$/m);
    assert.match(table, /^DB\s+app\s+00000000-0000-4000-8000-000000000001$/m);
    assert.match(table, /^PARTS\s+-\s+parts-db$/m);
  });

  it("execute --command: every statement in one call, rows as text tables, then a summary", async () => {
    const sql = "CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT, photo BLOB); INSERT INTO people (name, photo) VALUES ('ada', x'0102ff'), (NULL, NULL); SELECT * FROM people ORDER BY id";
    assert.equal(
      await succeeded(outpostD1(project, ["execute", "DB", "--command", sql])),
      ["id  name  photo", "1   ada   x'0102ff'", "2   NULL  NULL", "", "Executed 3 statements.", ""].join("\n"),
    );
  });

  it("execute --json: wrangler's shape, a result per statement, BLOBs as byte arrays", async () => {
    const output = JSON.parse(await succeeded(outpostD1(project, ["execute", "app", "--command", "SELECT id, name, photo FROM people WHERE id = 1; SELECT count(*) AS n FROM people", "--json"])));
    assert.equal(output.length, 2);
    assert.deepEqual(output[0].results, [{ id: 1, name: "ada", photo: [1, 2, 255] }]);
    assert.deepEqual(output[1].results, [{ n: 2 }]);
    assert.equal(output[0].success, true);
    assert.equal(output[0].meta.rows_read, 1);
  });

  it("execute --file: runs the file's statements, comments and quoted semicolons included", async () => {
    const sql = "-- add two people\nINSERT INTO people (name) VALUES ('semi;colon');\n/* and one more */ INSERT INTO people (name) VALUES ('it''s');\nSELECT name FROM people WHERE id > 2 ORDER BY id;\n";
    await writeFile(path.join(project, "people.sql"), sql);
    assert.equal(await succeeded(outpostD1(project, ["execute", "DB", "--file", "people.sql"])), "name\nsemi;colon\nit's\n\nExecuted 3 statements.\n");
  });

  it("errors: bad SQL is D1's own error, and a failing file writes nothing, naming the file", async () => {
    assert.equal(await failed(outpostD1(project, ["execute", "DB", "--command", "SELECT * FROM nope"])), "✘ D1_ERROR: no such table: nope: SQLITE_ERROR\n");
    await writeFile(path.join(project, "half.sql"), "INSERT INTO people (name) VALUES ('half');\nSELEC 1;\n");
    assert.equal(await failed(outpostD1(project, ["execute", "DB", "--file", "half.sql"])), '✘ half.sql: D1_ERROR: near "SELEC": syntax error: SQLITE_ERROR\n');
    assert.deepEqual(await query(project, "DB", "SELECT count(*) AS n FROM people WHERE name = 'half'"), [[{ n: 0 }]]);
  });

  const refusals: [subject: string, args: string[], expected: RegExp][] = [
    ["neither --command nor --file", ["execute", "DB"], /^✘ Give the SQL to run: --command "<sql>", or --file <path\.sql> to run a file\.\n$/],
    ["both --command and --file", ["execute", "DB", "--command", "SELECT 1", "--file", "people.sql"], /^✘ Pass either --command or --file, not both\.\n$/],
    ["an unreadable --file", ["execute", "DB", "--file", "missing.sql"], /^✘ Cannot read --file missing\.sql: ENOENT/],
    ["an unknown database", ["execute", "NOPE", "--command", "SELECT 1"], /^✘ No D1 database "NOPE" in .*wrangler\.jsonc\. Configured databases: DB \(app\), COPY \(copy\), PARTS, FTS; /],
    ["export with --no-data and --no-schema", ["export", "DB", "--output", "x.sql", "--no-data", "--no-schema"], /^✘ --no-data and --no-schema together leave nothing to export/],
    ["export of an unknown --table", ["export", "DB", "--output", "x.sql", "--table", "nope"], /^✘ No table "nope" to export; the database's tables and views are: people/],
  ];
  for (const [subject, args, expected] of refusals) {
    it(`errors: ${subject}`, async () => assert.match(await failed(outpostD1(project, args)), expected));
  }

  it("wrangler's flags: --local and -y, as tutorials type them, change nothing", async () => {
    await writeFile(path.join(project, "schema.sql"), "CREATE TABLE tutorial (id INTEGER PRIMARY KEY);\nINSERT INTO tutorial VALUES (1);\n");
    assert.equal(await succeeded(outpostD1(project, ["execute", "DB", "--local", "--file", "schema.sql"])), "Executed 2 statements.\n");
    const rows = JSON.parse(await succeeded(outpostD1(project, ["execute", "DB", "--local", "-y", "--command", "SELECT id FROM tutorial", "--json"])));
    assert.deepEqual(rows[0].results, [{ id: 1 }]);
    assert.match(await succeeded(outpostD1(project, ["info", "DB", "--local"])), /^num_tables\s+2$/m);
  });

  const wranglerRefusals: [subject: string, args: string[], expected: string][] = [
    [
      "--remote",
      ["execute", "DB", "--remote", "--command", "DROP TABLE tutorial"],
      "✘ --remote works on the data in your Cloudflare account; Outpost has no remote: outpost d1 execute already works on the local data, as wrangler's --local does. Drop --remote.\n",
    ],
    [
      "--preview",
      ["migrations", "apply", "DB", "--preview"],
      "✘ --preview works on the database's preview_database_id on Cloudflare, which wrangler reaches only with --remote; Outpost has no remote. Drop --preview to work on the local database.\n",
    ],
    [
      "--batch-size",
      ["execute", "DB", "--command", "DROP TABLE tutorial", "--batch-size", "100"],
      "✘ --batch-size was removed in wrangler 4, and Outpost runs each file or migration in one transaction. Drop --batch-size.\n",
    ],
  ];
  for (const [flag, args, expected] of wranglerRefusals) {
    it(`wrangler's flags: ${flag} is refused before anything runs, saying why`, async () => {
      assert.equal(await failed(outpostD1(project, args)), expected);
      assert.deepEqual(await query(project, "DB", "SELECT id FROM tutorial"), [[{ id: 1 }]]);
    });
  }

  it("info: id, name, file, size and tables", async () => {
    const info = JSON.parse(await succeeded(outpostD1(project, ["info", "DB", "--json"])));
    assert.deepEqual(
      { ...info, size_bytes: 0 },
      {
        binding: "DB",
        database_name: "app",
        id: "00000000-0000-4000-8000-000000000001",
        file: path.join(project, ".outpost/d1/00000000-0000-4000-8000-000000000001.sqlite"),
        size_bytes: 0,
        num_tables: 2,
      },
    );
    assert.ok(info.size_bytes > 0);
    assert.match(await succeeded(outpostD1(project, ["info", "DB"])), /^num_tables\s+2$/m);
  });
});

describe("outpost d1 before the Worker is written: the config alone is read", () => {
  let project: string;
  useProject((copy) => (project = copy));
  before(() => rm(path.join(project, "src"), { recursive: true }));

  it("a .dev.vars the Worker would bind is not read, so nothing is said of its secrets", async () => {
    await writeFile(path.join(project, ".dev.vars"), "UNDECLARED=x\n");
    const configFile = path.join(project, "wrangler.jsonc");
    await writeFile(configFile, JSON.stringify({ ...JSON.parse(await readFile(configFile, "utf8")), secrets: { required: ["API_KEY"] } }));
    const { code, stderr } = await outpostD1(project, ["execute", "DB", "--command", "SELECT 1"]);
    assert.deepEqual({ code, stderr }, { code: 0, stderr: "" });
  });

  it("execute and migrations create, list and apply work while `main` does not exist", async () => {
    await succeeded(outpostD1(project, ["migrations", "create", "DB", "init"]));
    assert.equal(await succeeded(outpostD1(project, ["migrations", "list", "DB"])), "0001_init.sql\n");
    assert.match(await succeeded(outpostD1(project, ["migrations", "apply", "DB"])), /Applied 1 migration\.\n$/);
    assert.deepEqual(await query(project, "DB", "SELECT name FROM d1_migrations"), [[{ name: "0001_init.sql" }]]);
  });
});

describe("outpost d1 migrations: create, list and apply", () => {
  let project: string;
  const migrationsDir = () => path.join(project, "migrations");
  const migrations = (...args: string[]) => outpostD1(project, ["migrations", ...args]);
  const create = async (message: string, sql: string) => {
    const file = (await succeeded(migrations("create", "DB", message))).trim();
    await writeFile(file, sql, { flag: "a" });
    return file;
  };
  useProject((copy) => (project = copy));

  it("list: without a migrations directory, says where it looked", async () => {
    assert.match(await failed(migrations("list", "DB")), /^✘ No migrations directory at .*migrations\. Create the first migration with `outpost d1 migrations create/);
  });

  it("create: numbers each file after the highest there, creating the directory", async () => {
    assert.equal(await create("Create users", "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);\n"), path.join(migrationsDir(), "0001_create_users.sql"));
    assert.match(await readFile(path.join(migrationsDir(), "0001_create_users.sql"), "utf8"), /^-- Migration number: 0001 \t \d{4}-\d\d-\d\dT/);
    await create("add email!", "ALTER TABLE users ADD COLUMN email TEXT;\n");
    await writeFile(path.join(migrationsDir(), "9_seed.sql"), "INSERT INTO users (name) VALUES ('ada');\n");
    await writeFile(path.join(migrationsDir(), "0010_more.sql"), "INSERT INTO users (name, email) VALUES ('bob', 'bob@example.com');\n");
    assert.equal(await create("index emails", "CREATE INDEX users_email ON users(email);\n"), path.join(migrationsDir(), "0011_index_emails.sql"));
  });

  it("list: the unapplied migrations, ordered by their leading number", async () => {
    const expected = ["0001_create_users.sql", "0002_add_email.sql", "9_seed.sql", "0010_more.sql", "0011_index_emails.sql"];
    assert.equal(await succeeded(migrations("list", "DB")), expected.map((name) => `${name}\n`).join(""));
    assert.deepEqual(JSON.parse(await succeeded(migrations("list", "app", "--json"))), expected);
  });

  it("apply: applies them in order and records each in d1_migrations; again, it does nothing", async () => {
    assert.equal(
      await succeeded(migrations("apply", "DB")),
      "Applied 0001_create_users.sql\nApplied 0002_add_email.sql\nApplied 9_seed.sql\nApplied 0010_more.sql\nApplied 0011_index_emails.sql\nApplied 5 migrations.\n",
    );
    assert.deepEqual(await query(project, "DB", "SELECT id, name FROM d1_migrations ORDER BY id"), [
      [
        { id: 1, name: "0001_create_users.sql" },
        { id: 2, name: "0002_add_email.sql" },
        { id: 3, name: "9_seed.sql" },
        { id: 4, name: "0010_more.sql" },
        { id: 5, name: "0011_index_emails.sql" },
      ],
    ]);
    assert.deepEqual(await query(project, "DB", "SELECT name, email FROM users ORDER BY id"), [[{ name: "ada", email: null }, { name: "bob", email: "bob@example.com" }]]);
    const [columns] = await query(project, "DB", "SELECT name, type, pk FROM pragma_table_info('d1_migrations')");
    assert.deepEqual(columns, [
      { name: "id", type: "INTEGER", pk: 1 },
      { name: "name", type: "TEXT", pk: 0 },
      { name: "applied_at", type: "TIMESTAMP", pk: 0 },
    ]);
    assert.equal(await succeeded(migrations("apply", "DB", "--local", "--force")), "No migrations to apply.\n");
    assert.equal(await succeeded(migrations("list", "DB", "--local")), "No migrations to apply.\n");
  });

  it("apply: stops at a failing migration, keeping the ones before it and recording nothing of it", async () => {
    await create("add carol", "INSERT INTO users (name) VALUES ('carol');\n");
    await create("broken", "INSERT INTO users (name) VALUES ('dave');\nSELECT * FROM nowhere;\n");
    await create("after", "INSERT INTO users (name) VALUES ('erin');\n");
    const result = await migrations("apply", "DB");
    assert.equal(result.code, 1);
    assert.equal(result.stdout, "Applied 0012_add_carol.sql\n");
    assert.equal(result.stderr, "✘ Migration 0013_broken.sql failed: D1_ERROR: no such table: nowhere: SQLITE_ERROR\n");
    assert.deepEqual(await query(project, "DB", "SELECT name FROM users WHERE id > 2 ORDER BY id"), [[{ name: "carol" }]]);
    assert.deepEqual(await query(project, "DB", "SELECT name FROM d1_migrations WHERE id > 5"), [[{ name: "0012_add_carol.sql" }]]);
    assert.deepEqual(JSON.parse(await succeeded(migrations("list", "DB", "--json"))), ["0013_broken.sql", "0014_after.sql"]);
  });
});

describe("outpost d1 export: SQL that recreates the database", () => {
  let project: string;
  useProject((copy) => (project = copy));
  before(async () => {
    const sql = [
      "CREATE TABLE items (id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT NOT NULL, body BLOB, price REAL, qty INTEGER, extra)",
      "CREATE INDEX items_label ON items(label)",
      "CREATE VIEW cheap AS SELECT label FROM items WHERE price < 10",
      `CREATE TABLE "odd ""name""" (k TEXT PRIMARY KEY, v) WITHOUT ROWID`,
      "CREATE TABLE owners (id INTEGER PRIMARY KEY, item INTEGER REFERENCES later(id))",
      "CREATE TABLE later (id INTEGER PRIMARY KEY)",
      `INSERT INTO items (label, body, price, qty, extra) VALUES ('it''s "quoted"; -- not a comment', x'00ff7f0a27', 9.5, 3, NULL)`,
      "INSERT INTO items (label, body, price, qty, extra) VALUES ('two\nlines\r\nand a tab\t', x'', 10.0, -7, 9007199254740993)",
      "INSERT INTO items (label, body, price, qty, extra) VALUES ('ünïcödé ✓', NULL, 1e300, 0, 2.5)",
      "DELETE FROM items WHERE id = 2",
      "INSERT INTO items (label) VALUES ('after a delete')",
      `INSERT INTO "odd ""name""" VALUES ('b', x'10'), ('a', 'text')`,
      // `owners` is created before `later`, which it refers to: an export must create every table before any rows.
      "INSERT INTO later VALUES (1)",
      "INSERT INTO owners VALUES (1, 1)",
    ].join(";\n");
    await succeeded(outpostD1(project, ["execute", "DB", "--command", sql]));
  });

  it("export, then execute --file into another database: identical schema and rows, BLOBs, quotes and newlines", async () => {
    assert.equal(await succeeded(outpostD1(project, ["export", "DB", "--output", "dump.sql"])), "Exported DB to dump.sql.\n");
    const dump = await readFile(path.join(project, "dump.sql"), "utf8");
    assert.ok(dump.startsWith("PRAGMA defer_foreign_keys=TRUE;\n"), dump);
    assert.match(dump, /^INSERT INTO "items" \("id","label","body","price","qty","extra"\) VALUES\(1,'it''s "quoted"; -- not a comment',X'00ff7f0a27',9\.5,3,NULL\);$/m);
    assert.match(dump, /^DELETE FROM sqlite_sequence;\nINSERT INTO "sqlite_sequence" \("name","seq"\) VALUES\('items',4\);$/m);
    assert.ok(dump.indexOf("CREATE INDEX items_label") > dump.lastIndexOf("INSERT INTO"), "indexes come after the rows");
    assert.match(await succeeded(outpostD1(project, ["execute", "COPY", "--file", "dump.sql"])), /^Executed \d+ statements\.\n$/);
    assert.deepEqual(await contents(project, "COPY"), await contents(project, "DB"));
  });

  it("--no-data writes only the schema, --no-schema only the rows; the two rebuild the database", async () => {
    await succeeded(outpostD1(project, ["export", "DB", "--output", "schema.sql", "--no-data"]));
    await succeeded(outpostD1(project, ["export", "DB", "--output", "data.sql", "--no-schema"]));
    const schema = await readFile(path.join(project, "schema.sql"), "utf8");
    const data = await readFile(path.join(project, "data.sql"), "utf8");
    assert.match(schema, /CREATE TABLE items/);
    assert.doesNotMatch(schema, /INSERT|DELETE/);
    assert.match(data, /INSERT INTO "items"/);
    assert.doesNotMatch(data, /CREATE/);
    await succeeded(outpostD1(project, ["execute", "PARTS", "--file", "schema.sql"]));
    assert.deepEqual(await query(project, "PARTS", "SELECT count(*) AS n FROM items"), [[{ n: 0 }]]);
    await succeeded(outpostD1(project, ["execute", "PARTS", "--file", "data.sql"]));
    assert.deepEqual(await contents(project, "PARTS"), await contents(project, "DB"));
  });

  it("--table: only the tables named, with their indexes, and without sqlite_sequence", async () => {
    await succeeded(outpostD1(project, ["export", "DB", "--output", "items.sql", "--table", "items", "--table", 'odd "name"']));
    const dump = await readFile(path.join(project, "items.sql"), "utf8");
    assert.match(dump, /CREATE TABLE items/);
    assert.match(dump, /CREATE TABLE "odd ""name"""/);
    assert.match(dump, /CREATE INDEX items_label/);
    assert.doesNotMatch(dump, /owners|later|cheap|sqlite_sequence/);
  });

  it("a virtual table cannot be exported, and says so; the other tables can", async () => {
    await succeeded(outpostD1(project, ["execute", "FTS", "--command", "CREATE VIRTUAL TABLE docs USING fts5(body); CREATE TABLE plain (a); INSERT INTO plain VALUES (1)"]));
    assert.match(await failed(outpostD1(project, ["export", "FTS", "--output", "fts.sql"])), /^✘ Cannot export virtual table "docs" \(fts5\)/);
    assert.deepEqual(await readdir(project).then((names) => names.includes("fts.sql")), false);
    await succeeded(outpostD1(project, ["export", "FTS", "--output", "plain.sql", "--table", "plain"]));
    assert.match(await readFile(path.join(project, "plain.sql"), "utf8"), /INSERT INTO "plain" \("a"\) VALUES\(1\);/);
  });
});

describe("outpost d1 beside outpost dev: one database", () => {
  let project: string;
  let dev: OutpostDev;
  useRunningCopy("d1", (started, copy) => {
    dev = started;
    project = copy;
  });

  it("cross-visibility: the worker reads what the CLI wrote, and the CLI reads what the worker wrote", async () => {
    await succeeded(outpostD1(project, ["execute", "DB", "--command", "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES ('from the cli')"]));
    assert.deepEqual(await d1Rows(dev, "SELECT id, text FROM notes"), [{ id: 1, text: "from the cli" }]);

    const inserted = await d1Call(dev, { method: "run", statements: [{ sql: "INSERT INTO notes (text) VALUES (?)", params: ["from the worker"] }] });
    assert.equal(inserted.error, undefined, inserted.error);
    assert.deepEqual(await query(project, "DB", "SELECT id, text FROM notes ORDER BY id"), [
      [
        { id: 1, text: "from the cli" },
        { id: 2, text: "from the worker" },
      ],
    ]);
  });
});

describe("outpost d1 with a preview_database_id: it names the local database, as in wrangler", () => {
  let project: string;
  useFixtureCopy("d1", (copy) => (project = copy));

  it("the CLI and the worker use the preview_database_id, and share it with a binding whose database_id it is", async () => {
    const d1Databases = [
      { binding: "DB", database_name: "app", database_id: "production-db", preview_database_id: "preview-db" },
      { binding: "PREVIEW", database_id: "preview-db" },
    ];
    const configFile = path.join(project, "wrangler.jsonc");
    await writeFile(configFile, JSON.stringify({ ...JSON.parse(await readFile(configFile, "utf8")), d1_databases: d1Databases }));

    await succeeded(outpostD1(project, ["execute", "PREVIEW", "--command", "CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('previewed')"]));
    assert.equal(JSON.parse(await succeeded(outpostD1(project, ["info", "DB", "--json"]))).id, "preview-db");
    await withDev([project], async (dev) => assert.deepEqual(await d1Rows(dev, "SELECT text FROM notes"), [{ text: "previewed" }]));
  });
});
