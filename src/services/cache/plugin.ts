import type { PlatformTarget } from "../../runtime/index.js";

/** The service name Cache API requests carry to Outpost's service host. */
export const CACHE_SERVICE = "cache";

/** Where every worker's Cache API goes: one cache for the whole `outpost dev`, as a zone has one. */
export const CACHE_API_TARGET: PlatformTarget = { service: CACHE_SERVICE, resource: "zone", headers: {} };
