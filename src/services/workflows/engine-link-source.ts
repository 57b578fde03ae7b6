/**
 * Source of the runner's link to the engine. Every run of one dispatch shares it: calls made
 * while a request to the engine is in flight wait and go together in the next, so under load a
 * single request carries the step writes of many instances, and the engine commits them in one
 * transaction. A call resolves with the engine's answer for it.
 */
export function engineLinkSource(): string {
  return `class EngineLink {
  constructor(env) {
    this.env = env;
    this.queue = [];
    this.sending = false;
  }

  call(method, body) {
    return new Promise((resolve, reject) => {
      this.queue.push({ method, body, resolve, reject });
      if (this.sending) return;
      this.sending = true;
      queueMicrotask(() => this.flush());
    });
  }

  async flush() {
    const calls = this.queue;
    this.queue = [];
    try {
      const response = await this.env.ENGINE.fetch("http://engine/batch", {
        method: "POST",
        body: JSON.stringify(calls.map(({ method, body }) => ({ method, body }))),
      });
      if (response.status !== 200) throw new Error(await response.text());
      const answers = await response.json();
      calls.forEach((call, index) => call.resolve(answers[index]));
    } catch (error) {
      for (const call of calls) call.reject(error);
    }
    if (this.queue.length > 0) this.flush();
    else this.sending = false;
  }
}
`;
}
