/** The internal module workerd builds a dispatch namespace binding with, over a service binding per worker. */
export const DISPATCH_NAMESPACE_MODULE = "outpost-internal:dispatch-namespace";

/**
 * Source of the module: `get(name, args?, options?)` returns the named worker's fetcher, as
 * dynamic dispatch does; for a name no worker has, a fetcher whose calls reject with
 * `Worker not found.`, as Cloudflare's do (`get` itself never throws).
 */
export function dispatchNamespaceSource(): string {
  return `function notFound() {
  return Promise.reject(new Error("Worker not found."));
}

export default function (workers) {
  return {
    get(name) {
      return Object.hasOwn(workers, name) ? workers[name] : { fetch: notFound, connect: notFound };
    },
  };
}
`;
}
