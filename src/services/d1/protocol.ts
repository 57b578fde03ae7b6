import type { IncomingMessage, ServerResponse } from "node:http";
import { json } from "node:stream/consumers";
import { sendJson } from "../../runtime/index.js";
import type { D1Database, D1Query, D1StatementResult } from "./database.js";
import { D1Error } from "./errors.js";

/** The header carrying a session's bookmark, both ways. */
const BOOKMARK_HEADER = "x-cf-d1-session-commit-token";

/**
 * The protocol workerd's D1 binding (`cloudflare-internal:d1-api`) speaks to its backend:
 * `POST /query` or `/execute?resultsFormat=ROWS_AND_COLUMNS|ARRAY_OF_OBJECTS|NONE` with one
 * `{sql, params}` or an array of them, answered by `[{success: true, results, meta}]`, or
 * `{success: false, error}`, which the binding throws as `D1_ERROR: <error>`. `/execute`, which
 * `exec()` sends its lines to, runs them one by one and answers up to the first that fails, so
 * the binding can name the failing line.
 */
export async function serveD1Request(
  database: D1Database,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const path = (request.url ?? "/").split("?", 1)[0];
  if (request.method !== "POST" || (path !== "/query" && path !== "/execute")) {
    sendJson(response, 404, { success: false, error: "Not found" });
    return;
  }
  const rowsAndColumns = new URL(request.url!, "http://d1").searchParams.get("resultsFormat") === "ROWS_AND_COLUMNS";
  let outcomes: (D1StatementResult | D1Error)[];
  try {
    const queries = await readQueries(request);
    outcomes = path === "/execute" ? await database.runEach(queries) : await database.run(queries);
  } catch (error) {
    if (!(error instanceof D1Error)) throw error;
    sendJson(response, 200, { success: false, error: error.message });
    return;
  }
  const answers = outcomes.map((outcome) =>
    outcome instanceof D1Error
      ? { success: false, error: outcome.message }
      : {
          success: true,
          results: rowsAndColumns
            ? { columns: outcome.columns, rows: outcome.rows }
            : outcome.rows.map((row) => Object.fromEntries(outcome.columns.map((column, i) => [column, row[i]]))),
          meta: outcome.meta,
        },
  );
  const headers: Record<string, string> = {};
  if (String(request.headers[BOOKMARK_HEADER] ?? "").trim() !== "") headers[BOOKMARK_HEADER] = database.bookmark();
  sendJson(response, 200, answers, { headers });
}

async function readQueries(request: IncomingMessage): Promise<D1Query[]> {
  let body: unknown;
  try {
    body = await json(request);
  } catch {
    throw new D1Error("ERR_PROTOCOL", "The request body is not JSON.");
  }
  const queries = Array.isArray(body) ? body : [body];
  for (const query of queries) {
    if (typeof query !== "object" || query === null || typeof (query as D1Query).sql !== "string") {
      throw new D1Error("ERR_PROTOCOL", "Each query must be an object with a string `sql`.");
    }
  }
  return queries as D1Query[];
}
