import type { KvNamespaceBinding } from "../../config/index.js";
import type { BindingDefinition } from "../../runtime/index.js";
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
