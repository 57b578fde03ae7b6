import type { RateLimitBinding } from "../../config/index.js";
import { wrappedServiceBindings, type WrappedBindings } from "../../runtime/index.js";
import { rateLimitApi } from "./binding-source.js";

/** The service name rate-limit binding requests carry to Outpost's service host. */
export const RATELIMIT_SERVICE = "ratelimit";
/** The namespace a request counts in, and the binding's `simple` settings it defaults to. */
export const RATELIMIT_NAMESPACE_HEADER = "x-outpost-ratelimit-namespace";
export const RATELIMIT_LIMIT_HEADER = "x-outpost-ratelimit-limit";
export const RATELIMIT_PERIOD_HEADER = "x-outpost-ratelimit-period";

/** A fetcher to the rate-limit service per binding, wrapped into the binding's API in the isolate. */
export function rateLimitBindings(ratelimits: readonly RateLimitBinding[]): WrappedBindings {
  return wrappedServiceBindings(
    RATELIMIT_SERVICE,
    rateLimitApi,
    ratelimits.map(({ name, namespace_id, simple }) => ({
      name,
      resource: `${namespace_id}:${simple.limit}:${simple.period}`,
      headers: {
        [RATELIMIT_NAMESPACE_HEADER]: namespace_id,
        [RATELIMIT_LIMIT_HEADER]: String(simple.limit),
        [RATELIMIT_PERIOD_HEADER]: String(simple.period),
      },
    })),
  );
}
