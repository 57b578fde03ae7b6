import type { KvNamespaceBinding } from "../../config/index.js";
import type { BindingDefinition, BindingWrapper } from "../../runtime/index.js";
import { KvConfigError } from "./errors.js";
import { KV_CACHE_MODULE, kvCacheSource } from "./isolate-cache.js";
import { KV_NAMESPACE_HEADER } from "./kv-service.js";

/** The service name KV requests carry to Outpost's service host. */
export const KV_SERVICE = "kv";

/** Which of a binding's namespaces to use, and where the binding is configured, for messages. */
export interface KvNamespaceChoice {
  /** Use each binding's `preview_id` instead of its `id`, as `wrangler … --preview` does. */
  preview: boolean;
  /** The config file (and environment) the bindings come from. */
  source: string;
}

/**
 * The namespace a binding uses: its `preview_id` for a preview, else its `id` (the binding name
 * when the config gives no id). `outpost dev` and `outpost kv` both choose through here, so by
 * default they agree.
 */
export function kvNamespaceId(namespace: KvNamespaceBinding, choice: KvNamespaceChoice): string {
  if (!choice.preview) return namespace.id;
  if (namespace.preview_id !== undefined) return namespace.preview_id;
  throw new KvConfigError(
    "ERR_PREVIEW_ID_MISSING",
    `--preview: the KV binding "${namespace.binding}" in ${choice.source} has no preview_id. Add "preview_id" to its kv_namespaces entry to give previews a namespace of their own, or run without --preview.`,
  );
}

/** A native `kvNamespace` binding per configured namespace, each aimed at Outpost's KV service. */
export function kvBindings(namespaces: readonly KvNamespaceBinding[], choice: KvNamespaceChoice): BindingDefinition[] {
  return namespaces.map((namespace) => {
    const id = kvNamespaceId(namespace, choice);
    return { name: namespace.binding, kind: "kvNamespace", platform: { service: KV_SERVICE, resource: id, headers: { [KV_NAMESPACE_HEADER]: id } } };
  });
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
