import type { KvNamespaceBinding } from "../../config/index.js";
import type { BindingDefinition, BindingWrapper } from "../../runtime/index.js";
import { KV_CACHE_MODULE, kvCacheSource } from "./isolate-cache.js";
import { KV_NAMESPACE_HEADER } from "./kv-service.js";

/** The service name KV requests carry to Outpost's service host. */
export const KV_SERVICE = "kv";

/** A native `kvNamespace` binding per configured namespace, each aimed at Outpost's KV service. */
export function kvBindings(namespaces: readonly KvNamespaceBinding[]): BindingDefinition[] {
  return namespaces.map((namespace) => ({
    name: namespace.binding,
    kind: "kvNamespace",
    platform: { service: KV_SERVICE, resource: namespace.id, headers: { [KV_NAMESPACE_HEADER]: namespace.id } },
  }));
}

/** The in-isolate read cache each KV binding is wrapped with, and the module that holds it. */
export function kvCache(namespaces: readonly KvNamespaceBinding[]): {
  internalModules: { name: string; source: string }[];
  bindingWrappers: BindingWrapper[];
} {
  if (namespaces.length === 0) return { internalModules: [], bindingWrappers: [] };
  return {
    internalModules: [{ name: KV_CACHE_MODULE, source: kvCacheSource() }],
    bindingWrappers: namespaces.map((namespace) => ({ binding: namespace.binding, module: KV_CACHE_MODULE, exportName: "cachingKv" })),
  };
}
