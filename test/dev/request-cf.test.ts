import assert from "node:assert/strict";
import path from "node:path";
import { after, describe, it } from "node:test";
import { TempProjects } from "../../src/config/temp-projects.js";
import { withDev } from "../helpers/outpost-cli.js";

/** A Worker that answers with what the edge gave its request, or passes the request to `env.NEXT` when bound. */
const EDGE_REPORT = `export default {
  async fetch(request: Request, env: { NEXT?: Fetcher }) {
    if (env.NEXT) return env.NEXT.fetch(new URL(request.url).pathname === "/made" ? new Request("https://next.internal/made") : request);
    const cf = request.cf as any;
    if (cf === undefined) return Response.json({ cf: null, connectingIp: request.headers.get("CF-Connecting-IP"), ipCountry: request.headers.get("CF-IPCountry") });
    let mutated = true;
    try {
      cf.botManagement.score = 1;
    } catch {
      mutated = false;
    }
    let headersChanged = true;
    try {
      request.headers.set("x-added", "1");
    } catch (error) {
      headersChanged = String(error) !== "TypeError: Can't modify immutable headers.";
    }
    return Response.json({
      headersChanged,
      copied: new Headers(request.headers).get("cf-connecting-ip"),
      native: Headers.prototype.get.call(request.headers, "cf-ipcountry"),
      country: cf.country,
      colo: cf.colo,
      timezone: cf.timezone,
      botScore: cf.botManagement.score,
      certPresented: cf.tlsClientAuth.certPresented,
      mutated,
      connectingIp: request.headers.get("CF-Connecting-IP"),
      ipCountry: request.headers.get("CF-IPCountry"),
      body: await request.text(),
    });
  },
};
`;

/** A Worker that passes every request on to a Durable Object, which answers with what the edge gave it. */
const FORWARD_TO_OBJECT = `import { DurableObject } from "cloudflare:workers";
export class Visits extends DurableObject {
  async fetch(request: Request) {
    return Response.json({ country: (request.cf as any)?.country ?? null, connectingIp: request.headers.get("CF-Connecting-IP") });
  }
}
export default {
  fetch: (request: Request, env: { VISITS: DurableObjectNamespace }) => env.VISITS.get(env.VISITS.idFromName("visits")).fetch(request),
};
`;

function workerProject(projects: TempProjects, config: Record<string, unknown>): string {
  return projects.create({
    "wrangler.jsonc": JSON.stringify({ main: "src/index.ts", ...config }),
    "src/index.ts": EDGE_REPORT,
  });
}

const FROM_EDGE = { headersChanged: false, copied: "127.0.0.1", native: "US", country: "US", colo: "DFW", timezone: "America/Chicago", botScore: 99, certPresented: "0", mutated: false, connectingIp: "127.0.0.1", ipCountry: "US" };

describe("outpost dev: a request arrives as from Cloudflare's edge", () => {
  const projects = new TempProjects();
  after(() => projects.removeAll());

  for (const compatibilityDate of ["2025-06-01", "2021-11-01"]) {
    it(`request.cf has the edge's fields, frozen, and CF-Connecting-IP the client's address, in real Headers as immutable as workerd's (compatibility date ${compatibilityDate})`, async () => {
      const project = workerProject(projects, { name: "edge", compatibility_date: compatibilityDate });
      await withDev(["-c", path.join(project, "wrangler.jsonc")], async (dev) => {
        assert.deepEqual(await (await dev.fetch("/", { method: "POST", body: "the body" })).json(), { ...FROM_EDGE, body: "the body" });
      });
    });
  }

  it("a request a Worker passes on to its Durable Object still has the edge's cf and CF-Connecting-IP there", async () => {
    const project = projects.create({
      "wrangler.jsonc": JSON.stringify({
        name: "forwarder",
        main: "src/index.ts",
        compatibility_date: "2025-06-01",
        durable_objects: { bindings: [{ name: "VISITS", class_name: "Visits" }] },
        migrations: [{ tag: "v1", new_sqlite_classes: ["Visits"] }],
      }),
      "src/index.ts": FORWARD_TO_OBJECT,
    });
    await withDev(["-c", path.join(project, "wrangler.jsonc")], async (dev) => {
      assert.deepEqual(await (await dev.fetch("/")).json(), { country: "US", connectingIp: "127.0.0.1" });
    });
  });

  it("a CF-Connecting-IP set in front of Outpost is kept, a request passed on through a service binding keeps the edge's fields, and one a worker made gets none", async () => {
    const last = workerProject(projects, { name: "last", compatibility_date: "2025-06-01" });
    const first = workerProject(projects, { name: "first", compatibility_date: "2025-06-01", services: [{ binding: "NEXT", service: "last" }] });
    await withDev(["-c", path.join(first, "wrangler.jsonc"), "-c", path.join(last, "wrangler.jsonc")], async (dev) => {
      const response = await dev.fetch("/", { method: "PUT", body: "passed on", headers: { "CF-Connecting-IP": "203.0.113.7" } });
      assert.deepEqual(await response.json(), { ...FROM_EDGE, connectingIp: "203.0.113.7", copied: "203.0.113.7", body: "passed on" });
      assert.deepEqual(await (await dev.fetch("/")).json(), { ...FROM_EDGE, body: "" });
      assert.deepEqual(await (await dev.fetch("/made")).json(), { cf: null, connectingIp: null, ipCountry: null }, "a request a worker made gets nothing of the edge's");
    });
  });
});
