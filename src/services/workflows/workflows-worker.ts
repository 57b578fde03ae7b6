import { bindingSource } from "./binding-source.js";
import { engineLinkSource } from "./engine-link-source.js";
import { runnerSource } from "./runner-source.js";
import { decodeValue, encodeValue } from "./value-codec.js";

/** workerd service name of the internal Workflows worker: the runner (default export) and `WorkflowBinding`. */
export const WORKFLOWS_WORKER = "outpost:workflows";

/** Entrypoint of the Workflows worker that users' Workflow bindings are wrapped around. */
export const BINDING_ENTRYPOINT = "WorkflowBinding";

/** Name of the binding, in the Workflows worker, that runs the Workflow `name`'s class. */
export function workflowBindingName(name: string): string {
  return `workflow:${name}`;
}

/** Source of the Workflows worker: the binding entrypoint, and the runner answering `POST /run` with a batch of tickets. */
export function workflowsWorkerSource(): string {
  return `import { RpcTarget, WorkerEntrypoint } from "cloudflare:workers";
const encodeValue = ${encodeValue.toString()};
const decodeValue = ${decodeValue.toString()};
${engineLinkSource()}
${runnerSource()}
${bindingSource()}
export default {
  async fetch(request, env) {
    if (request.method === "POST" && new URL(request.url).pathname === "/run") return runInstances(request, env);
    return new Response("Not found", { status: 404 });
  },
};
`;
}
