/** The events worker's binding to a worker's `NAMED_ENTRYPOINTS_EXPORT` is named `<worker>` and this. */
export const NAMED_ENTRYPOINTS_BINDING_SUFFIX = "#entrypoints";

/** Service name of the internal worker that delivers events (cron ticks, queue batches) to user workers. */
export const EVENTS_SERVICE = "outpost:events";

/** The socket name Outpost reaches the events worker on; a unix socket in the build directory. */
export const EVENTS_SOCKET = "events";

/**
 * Source of the events worker. It holds a service binding to each user worker, named after it,
 * and with the `service_binding_extra_handlers` flag `binding.scheduled()` dispatches a real
 * scheduled event, with its own `ctx.waitUntil`, as Cloudflare's scheduler does.
 * `POST /scheduled?worker=&cron=&time=` answers `{outcome}`: `ok` or `exception`.
 * `POST /queue?worker=&queue=` with `[{id, timestamp, attempts, format, body (base64)}]` runs
 * `queue()` and answers what workerd reports: the outcome and the explicit acks and retries.
 * `POST /invoke?worker=[&entrypoint=]` passes its JSON body to the worker's `fetch()`, or to its
 * named entrypoint's through the facade's `NAMED_ENTRYPOINTS_EXPORT`, as a POST and answers the
 * worker's response as it is (Step Functions' worker Tasks).
 */
export const EVENTS_WORKER_SOURCE = `const decoder = new TextDecoder();

function bytesOf(base64) {
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

function queueMessage({ id, timestamp, attempts, format, body }) {
  const message = { id, timestamp: new Date(timestamp), attempts };
  const bytes = bytesOf(body);
  if (format === "text") message.body = decoder.decode(bytes);
  else if (format === "json") message.body = JSON.parse(decoder.decode(bytes));
  else if (format === "bytes") message.body = bytes.buffer;
  else message.serializedBody = bytes;
  return message;
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const target = env[url.searchParams.get("worker")];
    if (request.method !== "POST" || target === undefined) return new Response("Unknown event", { status: 404 });
    if (url.pathname === "/scheduled") {
      const result = await target.scheduled({ cron: url.searchParams.get("cron") ?? "", scheduledTime: Number(url.searchParams.get("time")) });
      return Response.json({ outcome: result.outcome });
    }
    if (url.pathname === "/invoke") {
      const body = await request.text();
      const worker = url.searchParams.get("worker");
      const entrypoint = url.searchParams.get("entrypoint");
      const called = entrypoint === null ? target : env[worker + ${JSON.stringify(NAMED_ENTRYPOINTS_BINDING_SUFFIX)}];
      const address = "http://" + worker + "/" + (entrypoint === null ? "" : "?entrypoint=" + encodeURIComponent(entrypoint));
      return called.fetch(address, { method: "POST", headers: { "content-type": "application/json" }, body });
    }
    if (url.pathname === "/queue") {
      const messages = (await request.json()).map(queueMessage);
      return Response.json(await target.queue(url.searchParams.get("queue"), messages));
    }
    return new Response("Unknown event", { status: 404 });
  },
};
`;
