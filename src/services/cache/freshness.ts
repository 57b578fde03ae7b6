/**
 * Seconds Cloudflare keeps a response whose headers say nothing of its freshness (its "Edge TTL"
 * by status code). Other statuses are not kept without `Cache-Control` or `Expires`.
 */
const DEFAULT_TTL_SECONDS: Readonly<Record<number, number>> = { 200: 7200, 206: 7200, 301: 7200, 302: 1200, 303: 1200, 404: 180, 410: 180 };

/** A response as `cache.put()` keeps it: what it keeps of the headers, and until when. */
export interface Keeping {
  headers: [string, string][];
  expiresAt: number;
}

/**
 * Whether and until when Cloudflare's Cache API keeps a response, by the rules its documentation
 * gives: `Cache-Control` (`no-store`, `no-cache`, `private`, `s-maxage`, `max-age`), then `Expires`,
 * then the status's default TTL. A response that sets a cookie is not kept, unless
 * `Cache-Control: private=Set-Cookie` asks for it to be kept without the cookie.
 */
export function keeping(status: number, headers: readonly [string, string][], now: number): Keeping | undefined {
  const directives = cacheControl(valueOf(headers, "cache-control"));
  if (directives.has("no-store") || directives.get("no-cache") === "" || directives.get("private") === "") return undefined;
  const privateFields = fieldNames(directives.get("private"));
  if (headers.some(([name]) => name.toLowerCase() === "set-cookie") && !privateFields.has("set-cookie")) return undefined;
  const ttlSeconds = secondsOf(directives.get("s-maxage")) ?? secondsOf(directives.get("max-age")) ?? expiresIn(headers, now) ?? DEFAULT_TTL_SECONDS[status];
  if (ttlSeconds === undefined || ttlSeconds <= 0) return undefined;
  return { headers: headers.filter(([name]) => !privateFields.has(name.toLowerCase())), expiresAt: now + ttlSeconds * 1000 };
}

/** Directive name (lower case) → its value without quotes, `""` for a directive without one. */
function cacheControl(header: string | undefined): Map<string, string> {
  const directives = new Map<string, string>();
  for (const part of header?.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/) ?? []) {
    const [name = "", ...value] = part.split("=");
    if (name.trim() !== "") directives.set(name.trim().toLowerCase(), value.join("=").trim().replace(/^"(.*)"$/, "$1"));
  }
  return directives;
}

function fieldNames(list: string | undefined): Set<string> {
  return new Set((list ?? "").split(",").map((name) => name.trim().toLowerCase()).filter((name) => name !== ""));
}

function secondsOf(value: string | undefined): number | undefined {
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

/** Seconds until `Expires`, counted from the response's `Date` when it has one. */
function expiresIn(headers: readonly [string, string][], now: number): number | undefined {
  const expires = valueOf(headers, "expires");
  if (expires === undefined) return undefined;
  const at = Date.parse(expires);
  if (Number.isNaN(at)) return 0;
  const date = Date.parse(valueOf(headers, "date") ?? "");
  return Math.floor((at - (Number.isNaN(date) ? now : date)) / 1000);
}

export function valueOf(headers: readonly [string, string][], name: string): string | undefined {
  return headers.find(([header]) => header.toLowerCase() === name)?.[1];
}
