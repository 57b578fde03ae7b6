export { DataPointStore } from "./data-point-store.js";
export { DatasetQueries, type QueryResult } from "./dataset-queries.js";
export { ANALYTICS_ENGINE_SERVICE, analyticsEngineBindings } from "./plugin.js";
export { serveWriteRequest } from "./serve-write-request.js";
