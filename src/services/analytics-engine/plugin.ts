import type { AnalyticsEngineBinding } from "../../config/index.js";
import type { BindingDefinition, BindingWrapper } from "../../runtime/index.js";
import { ANALYTICS_ENGINE_BINDING_MODULE, analyticsEngineBindingSource } from "./binding-source.js";

/** The service name Analytics Engine binding requests carry to Outpost's service host. */
export const ANALYTICS_ENGINE_SERVICE = "analytics-engine";
/** The dataset a write goes to. */
export const DATASET_HEADER = "x-outpost-analytics-engine-dataset";

/** A fetcher to the Analytics Engine service per dataset binding, wrapped into the binding's API in the isolate. */
export function analyticsEngineBindings(datasets: readonly AnalyticsEngineBinding[]): {
  bindings: BindingDefinition[];
  internalModules: { name: string; source: string }[];
  bindingWrappers: BindingWrapper[];
} {
  if (datasets.length === 0) return { bindings: [], internalModules: [], bindingWrappers: [] };
  return {
    bindings: datasets.map(({ binding, dataset }) => ({
      name: binding,
      kind: "fetcher",
      platform: { service: ANALYTICS_ENGINE_SERVICE, resource: dataset, headers: { [DATASET_HEADER]: dataset } },
    })),
    internalModules: [{ name: ANALYTICS_ENGINE_BINDING_MODULE, source: analyticsEngineBindingSource() }],
    bindingWrappers: datasets.map(({ binding }) => ({ binding, module: ANALYTICS_ENGINE_BINDING_MODULE, exportName: "analyticsEngineBinding" })),
  };
}
