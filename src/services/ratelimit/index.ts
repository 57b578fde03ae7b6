export { FixedWindows } from "./fixed-windows.js";
export { RATELIMIT_SERVICE, rateLimitBindings } from "./plugin.js";
export { serveLimitRequest } from "./serve-limit-request.js";
