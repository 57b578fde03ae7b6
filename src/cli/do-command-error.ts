import { OutpostError } from "../errors.js";

export type DoCommandErrorCode =
  /** The class is not a Durable Object class the project's config defines. */
  | "ERR_DO_CLASS_NOT_FOUND"
  /** No stored object has that id in that class. */
  | "ERR_DO_OBJECT_NOT_FOUND"
  /** SQLite refused the SQL. */
  | "ERR_DO_SQL_REFUSED";

/** A `do` command that cannot do what it was asked; the message names the class, object or SQL at fault. */
export class DoCommandError extends OutpostError<DoCommandErrorCode> {}
