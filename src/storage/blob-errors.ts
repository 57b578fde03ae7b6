import { OutpostError } from "../errors.js";

/** A blob draft or open blob used out of order, such as installed before it was written: a bug in the caller. */
export class IllegalBlobStateError extends OutpostError<"ERR_ILLEGAL_STATE"> {}
