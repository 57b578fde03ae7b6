import { OutpostError } from "../../errors.js";

export type D1ErrorCode =
  /** SQLite refused a statement; the message is SQLite's, ending with its result code. */
  | "ERR_SQL"
  /** A statement binds more than 100 parameters or is longer than 100 KB. */
  | "ERR_LIMIT"
  /** A query's values do not fit its parameters: too few or too many, or a statement before its last has some. */
  | "ERR_BINDINGS"
  /** workerd's SQLite authorizer would refuse the statement: a transaction, ATTACH, a PRAGMA or function it keeps from D1, a `_cf_` name. */
  | "ERR_NOT_AUTHORIZED"
  /** The request is not D1's wire protocol. */
  | "ERR_PROTOCOL"
  /** A Time Travel bookmark or timestamp that is malformed or outside the kept history. */
  | "ERR_BOOKMARK";

/** A failed D1 call. The binding reports `message` as `D1_ERROR: <message>`. */
export class D1Error extends OutpostError<D1ErrorCode> {}
