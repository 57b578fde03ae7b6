import { WorkflowEntrypoint } from "cloudflare:workers";

// Counted in this isolate, which runs both the Workflow's class and the fetch handler.
let completed = 0;
let lastAt = 0;
const stepMs = [];

/** A step whose body does nothing, so the time `step.do` takes is the engine's overhead. */
async function timed(step, name, value) {
  const before = Date.now();
  const result = await step.do(name, async () => value);
  stepMs.push(Date.now() - before);
  return result;
}

export class ThreeSteps extends WorkflowEntrypoint {
  async run(event, step) {
    const a = await timed(step, "first", { n: event.payload.n });
    const b = await timed(step, "second", a.n + 1);
    const c = await timed(step, "third", b + 1);
    completed++;
    lastAt = Date.now();
    return c;
  }
}

function percentile(sorted, p) {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/start") {
      const n = Number(url.searchParams.get("n") ?? 100);
      await env.FLOW.createBatch(Array.from({ length: n }, (_, i) => ({ params: { n: i } })));
      return new Response("ok");
    }
    if (url.pathname === "/reset") {
      stepMs.length = 0;
      completed = 0;
      return new Response("ok");
    }
    if (url.pathname === "/stats") {
      const sorted = [...stepMs].sort((x, y) => x - y);
      return Response.json({ completed, lastAt, now: Date.now(), p50: percentile(sorted, 50), p99: percentile(sorted, 99) });
    }
    return new Response("Not found", { status: 404 });
  },
};
