/** Service name of the internal worker that delivers events (cron ticks) to user workers. */
export const EVENTS_SERVICE = "outpost:events";

/** The socket name Outpost reaches the events worker on; a unix socket in the build directory. */
export const EVENTS_SOCKET = "events";

/**
 * Source of the events worker. It holds a service binding to each user worker, named after it,
 * and with the `service_binding_extra_handlers` flag `binding.scheduled()` dispatches a real
 * scheduled event, with its own `ctx.waitUntil`, as Cloudflare's scheduler does.
 * `POST /scheduled?worker=&cron=&time=` answers `{outcome}`: `ok` or `exception`.
 */
export const EVENTS_WORKER_SOURCE = `export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const target = env[url.searchParams.get("worker")];
    if (url.pathname !== "/scheduled" || request.method !== "POST" || target === undefined) {
      return new Response("Unknown event", { status: 404 });
    }
    const result = await target.scheduled({ cron: url.searchParams.get("cron") ?? "", scheduledTime: Number(url.searchParams.get("time")) });
    return Response.json({ outcome: result.outcome });
  },
};
`;
