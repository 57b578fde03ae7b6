import assert from "node:assert/strict";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { fixturesDir, OutpostDev } from "../helpers/outpost-cli.js";
import { until } from "../helpers/until.js";
import { withRetryBeforeResponse } from "../helpers/retry-before-response.js";

/** Parallel clients of the load that runs across reloads. */
const LOAD_CLIENTS = 8;

describe("outpost dev: reloading on change", () => {
  let project: string;
  let dev: OutpostDev;
  let source: string;

  before(async () => {
    project = await mkdtemp(path.join(os.tmpdir(), "outpost-reload-"));
    await cp(path.join(fixturesDir, "hello"), project, { recursive: true });
    source = path.join(project, "src/index.ts");
    dev = await OutpostDev.start([project]);
  });
  after(async () => {
    await dev.kill();
    await rm(project, { recursive: true, force: true });
  });

  async function setVersion(version: string): Promise<void> {
    const text = await readFile(source, "utf8");
    await writeFile(source, text.replace(/const VERSION = "[^"]*";/, `const VERSION = "${version}";`));
  }

  /**
   * Requests close their connection: workerd closes idle keep-alive connections when it is replaced,
   * so a keep-alive client can see a reset it must retry (see README, "Reloading").
   */
  let retried = 0;
  async function getVersion(): Promise<Response> {
    return withRetryBeforeResponse(
      () => dev.fetch("/version", { headers: { connection: "close" } }),
      () => retried++,
    );
  }

  async function waitForVersion(version: string): Promise<void> {
    await until(async () => (await (await getVersion()).text()) === version, `version ${version} to be served`, { intervalMs: 10 });
  }

  it("reload: edits under a running load are served with no failed request", async (t) => {
    let running = true;
    const failures: string[] = [];
    const seen = new Set<string>();
    let requests = 0;
    const client = async () => {
      while (running) {
        try {
          const response = await getVersion();
          const body = await response.text();
          requests++;
          if (response.status !== 200) failures.push(`${response.status} ${body}`);
          else seen.add(body);
        } catch (error) {
          failures.push(String((error as Error).cause ?? error));
        }
      }
    };
    const load = Array.from({ length: LOAD_CLIENTS }, client);
    try {
      for (const version of ["v2", "v3", "v4"]) {
        await setVersion(version);
        await waitForVersion(version);
      }
    } finally {
      running = false;
      await Promise.all(load);
    }
    t.diagnostic(`${requests} requests across 3 reloads; ${retried} connections closed before any response byte were retried`);
    assert.deepEqual(failures, []);
    assert.ok(requests >= LOAD_CLIENTS * 3, `the load ran: ${requests} requests`);
    assert.ok(seen.has("v1") && seen.has("v4"), `versions seen: ${[...seen].join(", ")}`);
  });

  it("reload: a build error keeps the last good version serving and prints the error", async () => {
    const from = dev.output.length;
    const good = await readFile(source, "utf8");
    await writeFile(source, `${good}\nconst broken = ;\n`);
    await dev.waitForOutput(/Build failed[\s\S]*src\/index\.ts:\d+:\d+[\s\S]*Still serving the last version/, from);
    assert.equal(await (await dev.fetch("/")).text(), "Hello World!");
    await writeFile(source, good.replace(/const VERSION = "[^"]*";/, 'const VERSION = "fixed";'));
    await waitForVersion("fixed");
  });

  it("reload: a config change is picked up", async () => {
    const config = path.join(project, "wrangler.jsonc");
    const text = await readFile(config, "utf8");
    await writeFile(config, text.replace(/"name":\s*"hello"/, '"name": "renamed"'));
    const from = dev.output.length;
    await until(
      async () => {
        await (await getVersion()).text();
        return /\[renamed\] GET \/version 200/.test(dev.output.slice(from));
      },
      "a request logged under the new name",
      { intervalMs: 50 },
    );
  });
});
