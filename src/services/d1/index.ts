export { D1Service, D1_DATABASE_HEADER } from "./d1-service.js";
export { D1Database } from "./database.js";
export type { D1Meta, D1Query, D1StatementResult } from "./database.js";
export { D1Error } from "./errors.js";
export type { D1ErrorCode } from "./errors.js";
export { d1Bindings, D1_SERVICE } from "./plugin.js";
export { splitStatements } from "./sql-statements.js";
export * from "./limits.js";
