import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { authorizeStatement } from "./statement-authorizer.js";

const refuses = (sql: string) => assert.throws(() => authorizeStatement(sql), { code: "ERR_NOT_AUTHORIZED" }, sql);
const allows = (sql: string) => assert.doesNotThrow(() => authorizeStatement(sql), sql);

describe("authorizeStatement", () => {
  it("authorizeStatement: a transaction statement is refused wherever its comments put it, a trigger's BEGIN … END is not", () => {
    for (const sql of ["BEGIN", "-- x\nbegin deferred", "COMMIT TRANSACTION", "end", "ROLLBACK", "SAVEPOINT a", "RELEASE a"]) refuses(sql);
    allows("CREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT 1; END");
    allows("SELECT 'BEGIN' AS \"COMMIT\"");
  });

  it("authorizeStatement: PRAGMAs by workerd's allow list and argument rules", () => {
    for (const sql of ["PRAGMA foreign_keys", "PRAGMA foreign_keys = 'off'", "PRAGMA defer_foreign_keys(TRUE)", "PRAGMA main.table_info(\"t\")", "PRAGMA foreign_key_check", "PRAGMA data_version"]) allows(sql);
    for (const sql of ["PRAGMA journal_mode", "PRAGMA foreign_keys = 2", "PRAGMA table_info", "PRAGMA table_info(_cf_KV)", "PRAGMA temp.table_info(t)", "PRAGMA data_version = 1"]) refuses(sql);
  });

  it("authorizeStatement: temporary and _cf_ objects, ATTACH, and the functions that tell SQLite's build", () => {
    for (const sql of ["CREATE TEMPORARY VIEW v AS SELECT 1", "CREATE TABLE temp.t (a)", "CREATE UNIQUE INDEX IF NOT EXISTS _cf_i ON t (a)", "DETACH x", "SELECT sqlite_source_id ()"]) refuses(sql);
    for (const sql of ["CREATE TABLE IF NOT EXISTS main.t (a)", "SELECT sqlite_version FROM t", "SELECT 'sqlite_version()'"]) allows(sql);
  });
});
