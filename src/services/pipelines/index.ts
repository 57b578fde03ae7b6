export { PIPELINES_SERVICE, pipelineBindings } from "./plugin.js";
export { serveRecordsRequest } from "./serve-records-request.js";
export { StreamFiles } from "./stream-files.js";
