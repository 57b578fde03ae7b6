// The benchmark worker: `/send?n=` sends a batch of n messages stamped with the time; the consumer
// records how many arrived and how long each took, in one Durable Object; `/stats` reads it.
import { DurableObject } from "cloudflare:workers";

export class Stats extends DurableObject {
  #delivered = 0;
  #lastAt = 0;
  #latencies = [];

  record(latencies, at) {
    this.#delivered += latencies.length;
    this.#lastAt = Math.max(this.#lastAt, at);
    for (const latency of latencies) this.#latencies.push(latency);
  }

  read() {
    const sorted = [...this.#latencies].sort((a, b) => a - b);
    const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
    return { delivered: this.#delivered, lastAt: this.#lastAt, p50: at(0.5), p99: at(0.99) };
  }
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/stats") return Response.json(await env.STATS.getByName("stats").read());
    const n = Number(url.searchParams.get("n") ?? 100);
    const sentAt = Date.now();
    await env.JOBS.sendBatch(Array.from({ length: n }, () => ({ body: { sentAt } })));
    return new Response("sent");
  },

  async queue(batch, env) {
    const now = Date.now();
    await env.STATS.getByName("stats").record(batch.messages.map((message) => now - message.body.sentAt), now);
  },
};
