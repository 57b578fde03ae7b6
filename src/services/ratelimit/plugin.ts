import type { RateLimitBinding } from "../../config/index.js";
import type { BindingDefinition, BindingWrapper } from "../../runtime/index.js";
import { RATELIMIT_BINDING_MODULE, rateLimitBindingSource } from "./binding-source.js";

/** The service name rate-limit binding requests carry to Outpost's service host. */
export const RATELIMIT_SERVICE = "ratelimit";
/** The namespace a request counts in, and the binding's `simple` settings it defaults to. */
export const RATELIMIT_NAMESPACE_HEADER = "x-outpost-ratelimit-namespace";
export const RATELIMIT_LIMIT_HEADER = "x-outpost-ratelimit-limit";
export const RATELIMIT_PERIOD_HEADER = "x-outpost-ratelimit-period";

/** A fetcher to the rate-limit service per binding, wrapped into the binding's API in the isolate. */
export function rateLimitBindings(ratelimits: readonly RateLimitBinding[]): {
  bindings: BindingDefinition[];
  internalModules: { name: string; source: string }[];
  bindingWrappers: BindingWrapper[];
} {
  if (ratelimits.length === 0) return { bindings: [], internalModules: [], bindingWrappers: [] };
  return {
    bindings: ratelimits.map(({ name, namespace_id, simple }) => ({
      name,
      kind: "fetcher",
      platform: {
        service: RATELIMIT_SERVICE,
        resource: `${namespace_id}:${simple.limit}:${simple.period}`,
        headers: {
          [RATELIMIT_NAMESPACE_HEADER]: namespace_id,
          [RATELIMIT_LIMIT_HEADER]: String(simple.limit),
          [RATELIMIT_PERIOD_HEADER]: String(simple.period),
        },
      },
    })),
    internalModules: [{ name: RATELIMIT_BINDING_MODULE, source: rateLimitBindingSource() }],
    bindingWrappers: ratelimits.map(({ name }) => ({ binding: name, module: RATELIMIT_BINDING_MODULE, exportName: "rateLimiterBinding" })),
  };
}
