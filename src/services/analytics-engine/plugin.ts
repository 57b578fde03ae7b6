import type { AnalyticsEngineBinding } from "../../config/index.js";
import { wrappedServiceBindings, type WrappedBindings } from "../../runtime/index.js";
import { analyticsEngineApi } from "./binding-source.js";

/** The service name Analytics Engine binding requests carry to Outpost's service host. */
export const ANALYTICS_ENGINE_SERVICE = "analytics-engine";
/** The dataset a write goes to. */
export const DATASET_HEADER = "x-outpost-analytics-engine-dataset";

/** A fetcher to the Analytics Engine service per dataset binding, wrapped into the binding's API in the isolate. */
export function analyticsEngineBindings(datasets: readonly AnalyticsEngineBinding[]): WrappedBindings {
  return wrappedServiceBindings(
    ANALYTICS_ENGINE_SERVICE,
    analyticsEngineApi,
    datasets.map(({ binding, dataset }) => ({ name: binding, resource: dataset, headers: { [DATASET_HEADER]: dataset } })),
  );
}
