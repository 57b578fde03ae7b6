/** Largest step result, as its encoded bytes (Cloudflare: 1 MiB). */
export const MAX_STEP_OUTPUT_BYTES = 1024 * 1024;
/** Longest step name, in characters. */
export const MAX_STEP_NAME_LENGTH = 256;
/** Most instances one `createBatch` call may create. */
export const MAX_BATCH_INSTANCES = 100;
/** Longest instance id, in characters. */
export const MAX_INSTANCE_ID_LENGTH = 100;
/** The folder under `--persist-to` that holds Workflows' instances. */
export const WORKFLOWS_FOLDER = "workflows";
