import type { PipelineBinding } from "../../config/index.js";
import { wrappedServiceBindings, type WrappedBindings } from "../../runtime/index.js";
import { pipelineApi } from "./binding-source.js";

/** The service name pipeline binding requests carry to Outpost's service host. */
export const PIPELINES_SERVICE = "pipelines";
/** The stream a binding sends to. */
export const STREAM_HEADER = "x-outpost-pipelines-stream";

/** A fetcher to the Pipelines service per binding, wrapped into the binding's `send()` in the isolate. */
export function pipelineBindings(pipelines: readonly PipelineBinding[]): WrappedBindings {
  return wrappedServiceBindings(
    PIPELINES_SERVICE,
    pipelineApi,
    pipelines.map(({ binding, stream }) => ({ name: binding, resource: stream, headers: { [STREAM_HEADER]: encodeURIComponent(stream) } })),
  );
}
