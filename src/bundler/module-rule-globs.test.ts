import assert from "node:assert/strict";
import { describe, it } from "node:test";
import globToRegExp from "glob-to-regexp";

/** How wrangler reads module rules' globs, with the package it uses: the matching Outpost's rules rely on. */
describe("module rule globs, as glob-to-regexp reads them", () => {
  const imports = (glob: string) => globToRegExp(glob);
  const paths = (glob: string) => globToRegExp(glob, { globstar: true });

  it("imports: * matches anything, / included, so **/*.sql matches any specifier with a directory part, as wrangler matches them", () => {
    const sql = imports("**/*.sql");
    assert.ok(sql.test("./0000_init.sql"));
    assert.ok(sql.test("../drizzle/0000_init.sql"));
    assert.ok(sql.test("some-package/schema.sql"));
    assert.ok(!sql.test("schema.sql"), "a bare name has no / for the glob's to match");
    assert.ok(!sql.test("./schema.sql.ts"));
    assert.ok(imports("*.sql").test("../drizzle/0000_init.sql"));
  });

  it("paths: * stays within a segment and a ** segment spans any number, as find_additional_modules matches them", () => {
    const sql = paths("**/*.sql");
    assert.ok(sql.test("schema.sql"));
    assert.ok(sql.test("db/migrations/0000_init.sql"));
    assert.ok(sql.test(".hidden/schema.sql"));
    const topLevel = paths("*.js");
    assert.ok(topLevel.test("index.js"));
    assert.ok(!topLevel.test("lib/index.js"));
    assert.ok(paths("lib/**").test("lib/a/b.js"));
    assert.ok(!paths("a**b/*.js").test("a/x/b/c.js"), "** inside a segment is one *");
  });

  it("?, [], {} and , are literal characters, as glob-to-regexp reads them without its extended option", () => {
    assert.ok(imports("**/*.wasm?module").test("./add.wasm?module"));
    assert.ok(!imports("**/*.wasm?module").test("./add.wasmXmodule"));
    assert.ok(paths("{a,b}.txt").test("{a,b}.txt"));
    assert.ok(!paths("{a,b}.txt").test("a.txt"));
    assert.ok(paths("[ab].txt").test("[ab].txt"));
    assert.ok(!paths("[ab].txt").test("a.txt"));
  });
});
