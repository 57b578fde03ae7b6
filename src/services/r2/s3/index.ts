export { S3Server, S3ServerError } from "./s3-server.js";
export type { S3ServerErrorCode, S3ServerOptions } from "./s3-server.js";
