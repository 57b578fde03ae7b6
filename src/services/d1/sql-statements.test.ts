import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { splitStatements } from "./sql-statements.js";

describe("splitStatements", () => {
  it("splitStatements: splits on semicolons outside quotes and comments", () => {
    assert.deepEqual(splitStatements("CREATE TABLE t (a); INSERT INTO t VALUES ('x;y'); -- done;\nSELECT * FROM t"), [
      "CREATE TABLE t (a);",
      "INSERT INTO t VALUES ('x;y');",
      "-- done;\nSELECT * FROM t",
    ]);
  });

  it("splitStatements: text of only comments and semicolons is no statement", () => {
    assert.deepEqual(splitStatements(" ; -- nothing\n /* here; */ ;"), []);
  });

  it("splitStatements: keeps bracketed and double-quoted names whole", () => {
    assert.deepEqual(splitStatements('SELECT [a;b], "c;d" FROM t; SELECT 1'), ['SELECT [a;b], "c;d" FROM t;', "SELECT 1"]);
  });

  it("splitStatements: a trigger's BEGIN … END body stays in its CREATE TRIGGER", () => {
    const trigger = "CREATE TRIGGER log AFTER INSERT ON t BEGIN INSERT INTO audit VALUES (1); UPDATE n SET c = c + 1; END;";
    assert.deepEqual(splitStatements(`${trigger}\nINSERT INTO t VALUES (1);`), [trigger, "INSERT INTO t VALUES (1);"]);
  });
});
