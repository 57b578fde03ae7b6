import type { BindingApiModule } from "../../runtime/index.js";

/**
 * `send(records)` takes an array of JSON-serializable objects and resolves once Outpost has kept
 * them, as Cloudflare resolves once they are ingested.
 */
function pipelineBindingSource(): string {
  return `export function pipelineBinding(name, fetcher) {
  return {
    async send(records) {
      if (!Array.isArray(records) || records.some((record) => typeof record !== "object" || record === null || Array.isArray(record))) {
        throw new TypeError(name + ".send() takes an array of objects.");
      }
      const body = JSON.stringify(records);
      const response = await fetcher.fetch("http://pipelines/send", { method: "POST", body });
      if (!response.ok) throw new Error(name + ".send() failed: " + (await response.text()));
    },
  };
}
`;
}

export const pipelineApi: BindingApiModule = { name: "__outpost_pipelines.js", source: pipelineBindingSource, exportName: "pipelineBinding" };
