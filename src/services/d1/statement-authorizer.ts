import { D1Error } from "./errors.js";
import { sqlTokens, type SqlToken } from "./sql-tokens.js";

/**
 * What workerd's D1 says to a transaction statement, word for word: its SQLite authorizer refuses
 * them, as the database runs each call in a transaction of its own.
 */
const TRANSACTION_REFUSED =
  "To execute a transaction, please use the state.storage.transaction() or state.storage.transactionSync() APIs instead of the SQL BEGIN TRANSACTION or SAVEPOINT statements. The JavaScript API is safer because it will automatically roll back on exceptions, and because it interacts correctly with Durable Objects' automatic atomic write coalescing.";

/** SQLite's words for a statement its authorizer denies, with the result code D1 adds. */
const NOT_AUTHORIZED = "not authorized: SQLITE_AUTH";

const TRANSACTION_STATEMENTS = new Set(["BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE"]);

/** Functions workerd's authorizer leaves out of its allow list, as they tell SQLite's build. */
const REFUSED_FUNCTIONS = new Set(["sqlite_version", "sqlite_source_id", "sqlite_compileoption_get", "sqlite_compileoption_used", "sqlite_offset"]);

/**
 * The PRAGMAs workerd lets D1 run, by what each takes: none, an optional boolean, or the name of a
 * table or index (optional for `foreign_key_check`). Any other is denied.
 */
const PRAGMAS: ReadonlyMap<string, "none" | "boolean" | "object" | "optional-object"> = new Map([
  ["data_version", "none"],
  ["quick_check", "none"],
  ["optimize", "none"],
  ["table_list", "none"],
  ["case_sensitive_like", "boolean"],
  ["foreign_keys", "boolean"],
  ["defer_foreign_keys", "boolean"],
  ["ignore_check_constraints", "boolean"],
  ["legacy_alter_table", "boolean"],
  ["recursive_triggers", "boolean"],
  ["reverse_unordered_selects", "boolean"],
  ["table_info", "object"],
  ["table_xinfo", "object"],
  ["foreign_key_list", "object"],
  ["index_info", "object"],
  ["index_list", "object"],
  ["index_xinfo", "object"],
  ["foreign_key_check", "optional-object"],
]);

/** workerd compares a boolean PRAGMA's value by these prefixes, ignoring case. */
const BOOLEAN_PREFIXES = ["true", "false", "yes", "no", "on", "off", "1", "0"];

/** Names Cloudflare keeps for its own tables, which a user's statement may not create. */
const RESERVED_PREFIX = "_cf_";

/**
 * Refuses a statement as the SQLite authorizer workerd gives D1 refuses it (better-sqlite3 has no
 * authorizer to set): transactions, ATTACH and DETACH, temporary objects, PRAGMAs outside its
 * allow list, objects named `_cf_…`, and the functions that tell SQLite's build. A statement it
 * lets through goes to SQLite as it is.
 */
export function authorizeStatement(sql: string): void {
  const tokens = sqlTokens(sql);
  const first = tokens[0]?.kind === "word" ? tokens[0].text.toUpperCase() : undefined;
  if (first !== undefined && TRANSACTION_STATEMENTS.has(first)) throw new D1Error("ERR_NOT_AUTHORIZED", TRANSACTION_REFUSED);
  if (first === "ATTACH" || first === "DETACH") throw notAuthorized();
  if (first === "PRAGMA" && !pragmaAllowed(tokens.slice(1))) throw notAuthorized();
  if (first === "CREATE" && !createAllowed(tokens.slice(1))) throw notAuthorized();
  tokens.forEach((token, i) => {
    if (token.kind !== "word") return;
    const name = token.text.toLowerCase();
    // A PRAGMA's table-valued function, `pragma_table_info('t')` or `FROM pragma_table_list`.
    if (name.startsWith("pragma_") && !PRAGMAS.has(name.slice("pragma_".length))) throw notAuthorized();
    if (REFUSED_FUNCTIONS.has(name) && tokens[i + 1]?.text === "(") {
      throw new D1Error("ERR_NOT_AUTHORIZED", `not authorized to use function: ${name} at offset ${token.start}: SQLITE_ERROR`);
    }
  });
}

function notAuthorized(): D1Error {
  return new D1Error("ERR_NOT_AUTHORIZED", NOT_AUTHORIZED);
}

/** `[schema.]name [= value | (value)]` after `PRAGMA`. */
function pragmaAllowed(tokens: readonly SqlToken[]): boolean {
  let rest = tokens;
  if (rest[1]?.text === ".") {
    if (rest[0]!.text.toLowerCase() !== "main") return false;
    rest = rest.slice(2);
  }
  const signature = PRAGMAS.get(rest[0]?.text.toLowerCase() ?? "");
  const value = pragmaValue(rest.slice(1));
  switch (signature) {
    case undefined:
      return false;
    case "none":
      return value === undefined;
    case "boolean":
      return value === undefined || BOOLEAN_PREFIXES.some((prefix) => value.toLowerCase().startsWith(prefix));
    case "object":
      return value !== undefined && !value.startsWith(RESERVED_PREFIX);
    case "optional-object":
      return value === undefined || !value.startsWith(RESERVED_PREFIX);
  }
}

/** The value of `= value` or `(value)`, a sign kept with a number; undefined for none. */
function pragmaValue(tokens: readonly SqlToken[]): string | undefined {
  const [opener, ...value] = tokens;
  if (opener === undefined || (opener.text !== "=" && opener.text !== "(")) return undefined;
  const [sign, number] = value;
  if ((sign?.text === "-" || sign?.text === "+") && number !== undefined) return sign.text + number.text;
  return sign?.text ?? "";
}

/** `[TEMP] [UNIQUE | VIRTUAL] TABLE|INDEX|VIEW|TRIGGER [IF NOT EXISTS] [schema.]name` after `CREATE`. */
function createAllowed(tokens: readonly SqlToken[]): boolean {
  const words = tokens.map((token) => (token.kind === "word" ? token.text.toUpperCase() : ""));
  if (words[0] === "TEMP" || words[0] === "TEMPORARY") return false;
  let at = words[0] === "UNIQUE" || words[0] === "VIRTUAL" ? 2 : 1;
  if (words[at] === "IF" && words[at + 1] === "NOT" && words[at + 2] === "EXISTS") at += 3;
  const name = tokens[at + 1]?.text === "." ? tokens[at + 2] : tokens[at];
  if (tokens[at + 1]?.text === "." && tokens[at]!.text.toLowerCase() !== "main") return false;
  return name === undefined || !name.text.startsWith(RESERVED_PREFIX);
}
