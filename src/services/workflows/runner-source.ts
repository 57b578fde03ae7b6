import { RUN_INSTANCE_METHOD } from "./isolate-steps-source.js";

/**
 * Source of the runner, the default export of the Workflows worker. The engine POSTs run tickets
 * to \`/run\`; for each, the runner calls the Workflow class's {@link RUN_INSTANCE_METHOD} with
 * \`(link, ticket)\` over JS RPC (the user's isolate runs the steps, see \`workflowStepsSource\`),
 * and streams back how each run ended. Every run of a dispatch shares one {@link engineLinkSource} link, so the step writes
 * of many instances reach the engine together.
 */
export function runnerSource(): string {
  return `/** What the user's isolate calls the engine through: this dispatch's shared link. */
class RunLink extends RpcTarget {
  #link;
  constructor(link) {
    super();
    this.#link = link;
  }
  call(method, body) {
    return this.#link.call(method, body);
  }
}

/**
 * Runs every ticket of a dispatch in this one request, so that their engine calls share a link,
 * and streams each run's outcome back as a line of JSON as soon as it ends.
 */
async function runInstances(request, env) {
  const { tickets, now, scale } = await request.json();
  const link = new RunLink(new EngineLink(env));
  const { readable, writable } = new TransformStream();
  const writer = writable.getWriter();
  const encoder = new TextEncoder();
  const runs = tickets.map(async (ticket) => {
    let outcome;
    try {
      const workflow = env["workflow:" + ticket.namespace];
      if (workflow === undefined) throw new Error(\`No class runs Workflow "\${ticket.namespace}" in this deployment\`);
      outcome = await workflow.${RUN_INSTANCE_METHOD}(link, { ...ticket, now, scale });
    } catch (error) {
      outcome = { failed: String(error?.message ?? error) };
    }
    await writer.write(encoder.encode(JSON.stringify({ runId: ticket.runId, ...outcome }) + "\\n"));
  });
  Promise.all(runs).then(() => writer.close());
  return new Response(readable, { headers: { "content-type": "application/x-ndjson" } });
}
`;
}
