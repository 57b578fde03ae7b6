import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { D1Database } from "./database.js";
import { serveD1Request } from "./protocol.js";

/** The header workerd's external service adds to each binding request, naming the database. */
export const D1_DATABASE_HEADER = "x-outpost-d1-database";

/** Every D1 database of one persistence directory: `<persistTo>/d1/<database id>.sqlite`. */
export class D1Service {
  readonly #directory: string;
  readonly #databases = new Map<string, D1Database>();

  constructor(persistTo: string) {
    this.#directory = path.join(persistTo, "d1");
  }

  database(id: string): D1Database {
    let database = this.#databases.get(id);
    if (database === undefined) {
      database = new D1Database(path.join(this.#directory, `${fileNameOf(id)}.sqlite`));
      this.#databases.set(id, database);
    }
    return database;
  }

  /** Serves one request from a worker's D1 binding. */
  handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const id = String(request.headers[D1_DATABASE_HEADER] ?? "");
    return serveD1Request(this.database(id), request, response);
  }

  close(): void {
    for (const database of this.#databases.values()) database.close();
    this.#databases.clear();
  }
}

/** A database id as a file name: ids are UUIDs, but one that is not stays inside the directory. */
function fileNameOf(id: string): string {
  return /^[A-Za-z0-9_-]+$/.test(id) ? id : `id-${Buffer.from(id).toString("hex")}`;
}
