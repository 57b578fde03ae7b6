import type { BindingWrapper } from "./facade.js";
import type { BindingDefinition, PlatformTarget } from "./workerd-config.js";

/**
 * Bindings that are, in workerd, a fetcher to one of Outpost's platform services and, in the
 * isolate, the API a module of the worker makes of that fetcher.
 */
export interface WrappedBindings {
  bindings: BindingDefinition[];
  internalModules: { name: string; source: string }[];
  bindingWrappers: BindingWrapper[];
}

/** The isolate module that makes a binding's API: its name, its source, and the export that wraps a fetcher. */
export interface BindingApiModule {
  name: string;
  source: () => string;
  exportName: string;
}

/** One such binding: its name in `env`, and the resource of `service` its requests are for. */
export interface WrappedBinding {
  name: string;
  resource: string;
  headers: PlatformTarget["headers"];
}

/** A fetcher to `service` per binding, each wrapped by `api` in the isolate; nothing at all without bindings. */
export function wrappedServiceBindings(service: string, api: BindingApiModule, bindings: readonly WrappedBinding[]): WrappedBindings {
  if (bindings.length === 0) return { bindings: [], internalModules: [], bindingWrappers: [] };
  return {
    bindings: bindings.map(({ name, resource, headers }) => ({ name, kind: "fetcher", platform: { service, resource, headers } })),
    internalModules: [{ name: api.name, source: api.source() }],
    bindingWrappers: bindings.map(({ name }) => ({ binding: name, module: api.name, exportName: api.exportName })),
  };
}
