import type { DispatchNamespaceBinding } from "../../config/index.js";
import type { BindingDefinition } from "../../runtime/index.js";
import { DISPATCH_NAMESPACE_MODULE } from "./namespace-module.js";

/**
 * Each dispatch namespace binding as workerd's wrapped binding over `workers`, the other workers of
 * this `outpost dev` by name: locally, a namespace holds every worker run beside its dispatcher.
 */
export function dispatchNamespaceBindings(namespaces: readonly DispatchNamespaceBinding[], workers: readonly string[]): BindingDefinition[] {
  return namespaces.map(({ binding }) => ({
    name: binding,
    kind: "wrapped",
    module: DISPATCH_NAMESPACE_MODULE,
    innerBindings: workers.map((worker) => ({ name: worker, kind: "service", service: worker })),
  }));
}
