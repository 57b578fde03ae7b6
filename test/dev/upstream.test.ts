import assert from "node:assert/strict";
import path from "node:path";
import { after, describe, it } from "node:test";
import { TempProjects } from "../../src/config/temp-projects.js";
import { failed, freePorts, runOutpost, withDev } from "../helpers/outpost-cli.js";

/** A Worker that answers with the URL and headers its request came with, and the body it carried. */
const URL_REPORT = `export default {
  async fetch(request: Request) {
    return Response.json({ url: request.url, host: request.headers.get("host"), connectingIp: request.headers.get("cf-connecting-ip"), body: await request.text() });
  },
};
`;

interface Seen {
  url: string;
  host: string;
  connectingIp: string;
  body: string;
}

describe("outpost dev: the URL the served Worker sees, as wrangler dev decides it", () => {
  const projects = new TempProjects();
  after(() => projects.removeAll());

  function project(config: Record<string, unknown>): string {
    return projects.create({
      "wrangler.jsonc": JSON.stringify({ name: "upstream", main: "src/index.ts", compatibility_date: "2025-06-01", ...config }),
      "src/index.ts": URL_REPORT,
      "public/page.txt": "an asset\n",
    });
  }

  async function seen(args: string[], dir: string, pathname: string, init?: RequestInit): Promise<Seen> {
    return withDev(args, async (dev) => (await (await dev.fetch(pathname, init)).json()) as Seen, { cwd: dir });
  }

  it("no route and no host: the URL the client used", async () => {
    const dir = project({});
    const { url, host } = await seen([], dir, "/path?q=1");
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/path\?q=1$/);
    assert.equal(host, new URL(url).host);
  });

  it("the first route's host, wildcards dropped, with the path, query, body and CF-Connecting-IP kept; assets are still served", async () => {
    const dir = project({ routes: [{ pattern: "*.example.com/api/*", zone_name: "example.com" }, "other.example.net/*"], assets: { directory: "public" } });
    await withDev(
      [],
      async (dev) => {
        const report = (await (await dev.fetch("/api/items?page=2", { method: "POST", body: "posted" })).json()) as Seen;
        assert.deepEqual(report, { url: "http://example.com/api/items?page=2", host: "example.com", connectingIp: "127.0.0.1", body: "posted" });
        assert.equal(await (await dev.fetch("/page.txt")).text(), "an asset\n");
      },
      { cwd: dir },
    );
  });

  it("dev.host and dev.upstream_protocol win over the routes; --host, --upstream-protocol and --routes win over the config", async () => {
    const dir = project({ route: "shop.example.com/*", dev: { host: "configured.test", upstream_protocol: "https" } });
    assert.equal((await seen([], dir, "/a")).url, "https://configured.test/a");
    assert.equal((await seen(["--host", "flag.test:8443", "--upstream-protocol", "http"], dir, "/b")).url, "http://flag.test:8443/b");
    const routed = project({ route: "shop.example.com/*" });
    assert.equal((await seen(["--routes", "cli.example.org/*"], routed, "/c")).url, "http://cli.example.org/c");
  });

  it("a host that cannot be worked out, or is not a host, stops startup naming where it came from", async () => {
    const anyHost = project({ routes: ["*/*"] });
    assert.match(
      await failed(runOutpost(["dev", ...freePorts], { cwd: anyHost })),
      /Cannot infer host from first route: "\*\/\*"\. Set `dev\.host` in wrangler\.jsonc/,
    );
    const dir = project({});
    assert.match(
      await failed(runOutpost(["dev", ...freePorts, "--host", "https://example.com"], { cwd: dir })),
      /--host must be a host name, with an optional port \(got "https:\/\/example\.com"\)/,
    );
    assert.match(
      await failed(runOutpost(["dev", ...freePorts, "-c", path.join(project({ dev: { upstream_protocol: "ftp" } }), "wrangler.jsonc")])),
      /dev\.upstream_protocol/,
    );
  });
});
