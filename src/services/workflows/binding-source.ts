/**
 * Source of the `WorkflowBinding` entrypoint of the Workflows worker. A user's Workflow binding is
 * workerd's own `cloudflare-internal:workflows-api` module wrapped around a service binding to
 * this entrypoint (props `{workflow}`), so the `Workflow` and `WorkflowInstance` objects the user
 * holds are the runtime's. Each call is forwarded to the engine in Outpost; values cross as
 * `encodeValue` text, so params, payloads and outputs keep their structured-clone types.
 * An error the engine answers is thrown with Cloudflare's name and message; over RPC the user
 * sees it as workerd shows such errors, `Error("<name>: <message>")`.
 */
export function bindingSource(): string {
  return `export class WorkflowBinding extends WorkerEntrypoint {
  async #call(method, body) {
    const response = await this.env.ENGINE.fetch("http://engine/" + method, {
      method: "POST",
      body: JSON.stringify({ namespace: this.ctx.props.workflow, ...body }),
    });
    if (response.status !== 200) throw new Error(await response.text());
    const answer = await response.json();
    if (answer.refused !== undefined) throw Object.assign(new Error(answer.refused.message), { name: answer.refused.name });
    return answer;
  }

  #entries(list) {
    return list.map((options) => ({
      ...(options !== null && typeof options === "object" && "id" in options && { id: options.id }),
      params: encodeValue(options?.params ?? {}),
    }));
  }

  async create(options = {}) {
    const [created] = (await this.#call("create", { entries: this.#entries([options ?? {}]) })).created;
    return created;
  }

  async createBatch(options) {
    if (!Array.isArray(options)) throw new Error("WorkflowError: createBatch takes an array of instance options");
    return (await this.#call("create", { entries: this.#entries(options), batch: true })).created;
  }

  async getInstance(id) {
    return this.#call("get", { id });
  }

  async status(id) {
    const { status, output, error } = await this.#call("status", { id });
    return { status, output: output === null ? null : decodeValue(output), ...(error !== null && { error }) };
  }

  async pause(id) {
    await this.#call("pause", { id });
  }

  async resume(id) {
    await this.#call("resume", { id });
  }

  async terminate(id) {
    await this.#call("terminate", { id });
  }

  async restart(id) {
    await this.#call("restart", { id });
  }

  async sendEvent(id, event) {
    await this.#call("event", { id, type: event?.type, payload: encodeValue(event?.payload) });
  }
}
`;
}
