import type { Route, WorkerConfig } from "../config/index.js";
import type { Upstream } from "../runtime/index.js";
import { DevServerError } from "./errors.js";

/** `outpost dev`'s flags that say which URL the served Worker sees, as `wrangler dev`'s do. */
export interface UpstreamFlags {
  host?: string;
  localUpstream?: string;
  upstreamProtocol?: "http" | "https";
  /** `--routes`: in place of the config's `route` and `routes`. */
  routes?: string[];
}

/**
 * The scheme and host the served Worker sees in `request.url`, decided as `wrangler dev` decides
 * them, so that a Worker in front of an origin (`return fetch(request)`) reaches that origin:
 * - the host of `--host`, else `--local-upstream`, else `dev.host`, else the first route's host
 *   (`--routes`, else the config's `route` or `routes`), else the one the client used;
 * - the scheme of `--upstream-protocol`, else `dev.upstream_protocol`, else the one Outpost serves.
 * `undefined` when both are the client's, and the URL is left as it came.
 */
export function upstreamOf(flags: UpstreamFlags, config: WorkerConfig, localProtocol: "http" | "https", configName: string): Upstream | undefined {
  const routes = flags.routes !== undefined && flags.routes.length > 0 ? flags.routes : config.routes;
  const [host, source] = hostWithSource(flags, config, routes, configName);
  const protocol = flags.upstreamProtocol ?? config.dev.upstream_protocol ?? localProtocol;
  if (host === undefined) return protocol === localProtocol ? undefined : { protocol };
  const url = URL.canParse(`${protocol}://${host}`) ? new URL(`${protocol}://${host}`) : undefined;
  if (url === undefined || url.pathname !== "/" || url.search !== "" || url.username !== "") {
    throw new DevServerError("ERR_BAD_UPSTREAM_HOST", `${source} must be a host name, with an optional port (got ${JSON.stringify(host)}).`);
  }
  return { protocol, host: url.host };
}

/** The host the Worker is to see, and what set it, in the order wrangler dev reads them. */
function hostWithSource(flags: UpstreamFlags, config: WorkerConfig, routes: readonly Route[], configName: string): [string | undefined, string] {
  if (flags.host !== undefined) return [flags.host, "--host"];
  if (flags.localUpstream !== undefined) return [flags.localUpstream, "--local-upstream"];
  if (config.dev.host !== undefined) return [config.dev.host, `dev.host in ${configName}`];
  return [routes[0] === undefined ? undefined : hostOfFirstRoute(routes[0], configName), "The first route's host"];
}

function hostOfFirstRoute(route: Route, configName: string): string {
  const host = typeof route === "string" ? hostOfPattern(route) : (hostOfPattern(route.pattern) ?? (route.zone_name === undefined ? undefined : hostOfPattern(route.zone_name)));
  if (host === undefined) {
    throw new DevServerError(
      "ERR_BAD_UPSTREAM_HOST",
      `Cannot infer host from first route: ${JSON.stringify(route)}. Set \`dev.host\` in ${configName} ("dev": { "host": "example.com" }), or pass --host.`,
    );
  }
  return host;
}

/** A route pattern's host, its wildcards dropped (`*.example.com/*` → `example.com`); none for a pattern of any host (`*\/…`). */
function hostOfPattern(pattern: string): string | undefined {
  if (/^(https?:\/\/)?\*\//.test(pattern)) return undefined;
  const bare = pattern.replace(/\*\.?/g, "");
  const url = /^https?:\/\//.test(bare) ? bare : `http://${bare}`;
  return URL.canParse(url) ? new URL(url).host || undefined : undefined;
}
