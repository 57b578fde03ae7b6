import { OutpostError } from "../errors.js";

export type D1CommandErrorCode =
  /** <DB> names no binding or database_name of the config's d1_databases. */
  | "ERR_D1_DATABASE_NOT_FOUND"
  /** `d1 execute` got both --command and --file, or neither. */
  | "ERR_D1_SQL_SOURCE"
  /** `d1 export` got both --no-data and --no-schema, which leave nothing to export. */
  | "ERR_D1_EXPORT_NOTHING"
  /** D1 refused the SQL, as it would refuse a worker's. */
  | "ERR_D1_REFUSED"
  /** `d1 time-travel restore` got both --bookmark and --timestamp, or neither. */
  | "ERR_D1_RESTORE_TARGET";

/** A `d1` command that cannot do what it was asked; the message names the database, flag or file at fault. */
export class D1CommandError extends OutpostError<D1CommandErrorCode> {}
