import type { BindingApiModule } from "../../runtime/index.js";

/**
 * `limit({ key, limit?, period? })` resolves to `{ success }`. Options are checked in the isolate
 * with `wrangler dev`'s messages; `limit` and `period` default to the binding's `simple` settings.
 */
function rateLimitBindingSource(): string {
  return `const OPTION_KEYS = ["key", "limit", "period"];

function check(holds, message) {
  if (!holds) throw new Error(message);
}

export function rateLimiterBinding(name, fetcher) {
  return {
    async limit(options) {
      check(typeof options === "object" && options !== null, "invalid rate limit options");
      const unknown = Object.keys(options).filter((key) => !OPTION_KEYS.includes(key));
      check(unknown.length === 0, "bad rate limit options: [" + unknown.join(",") + "]");
      const { key = "", limit, period } = options;
      check(typeof key === "string", "invalid key: " + key);
      check(limit === undefined || typeof limit === "number", "limit must be a number: " + limit);
      check(period === undefined || typeof period === "number", "period must be a number: " + period);
      check(period === undefined || period === 10 || period === 60, "unsupported period: " + period);
      const response = await fetcher.fetch("http://ratelimit/limit", { method: "POST", body: JSON.stringify({ key, limit, period }) });
      if (!response.ok) throw new Error(name + ".limit() failed: " + (await response.text()));
      return { success: (await response.json()).success };
    },
  };
}
`;
}

/** The module that turns a worker's fetcher to the rate-limit service into the binding's API. */
export const rateLimitApi: BindingApiModule = { name: "__outpost_ratelimit.js", source: rateLimitBindingSource, exportName: "rateLimiterBinding" };
