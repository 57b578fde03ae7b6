import assert from "node:assert/strict";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { TempProjects } from "../../src/config/temp-projects.js";
import { fixturesDir, OutpostDev, withDev } from "../helpers/outpost-cli.js";
import { until } from "../helpers/until.js";
import { withRetryBeforeResponse } from "../helpers/retry-before-response.js";

/** Parallel clients of the load that runs across reloads. */
const LOAD_CLIENTS = 8;
/** Long enough after a change for a reload it caused to have been logged. */
const QUIET_MS = 500;

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

  it("reload: a version that fails to build or to start leaves no build directory behind", async () => {
    const [buildRoot] = (await readdir(os.tmpdir())).filter((name) => name.startsWith(`outpost-${dev.pid}-`));
    const builds = async () => (await readdir(path.join(os.tmpdir(), buildRoot!))).filter((name) => name.startsWith("build-"));
    await until(async () => (await builds()).length === 1, "the replaced version's build directory to be removed");
    const good = await readFile(source, "utf8");
    for (const [broken, failure] of [
      [`${good}\nconst broken = ;\n`, /Build failed/],
      [`${good}\nthrow new Error("fails as it loads");\n`, /fails as it loads/],
    ] as const) {
      const from = dev.output.length;
      await writeFile(source, broken);
      await dev.waitForOutput(new RegExp(`${failure.source}[\\s\\S]*Still serving the last version`), from);
      assert.equal((await builds()).length, 1, `after "${failure.source}": ${(await builds()).join(", ")}`);
    }
    await writeFile(source, good.replace(/const VERSION = "[^"]*";/, 'const VERSION = "restored";'));
    await waitForVersion("restored");
    await until(async () => (await builds()).length === 1, "the replaced version's build directory to be removed");
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

describe("outpost dev: what Outpost writes itself does not reload it", () => {
  const projects = new TempProjects();
  after(() => projects.removeAll());

  it("data under a --persist-to inside the project, and the file its output goes to, change with no reload; an edit still reloads", async () => {
    const project = projects.create({
      "wrangler.jsonc": JSON.stringify({ name: "writer", main: "src/index.ts", compatibility_date: "2025-06-01", kv_namespaces: [{ binding: "KV", id: "writes" }] }),
      "src/index.ts": `const VERSION = "1";\nexport default {\n  async fetch(_request: Request, env: { KV: KVNamespace }) {\n    await env.KV.put("last", String(Date.now()));\n    return new Response(VERSION);\n  },\n};\n`,
    });
    const outputFile = path.join(project, "dev.log");
    await withDev(
      ["--persist-to", "data"],
      async (dev) => {
        for (let write = 0; write < 5; write++) assert.equal(await (await dev.fetch("/")).text(), "1");
        await dev.waitForOutput(/\[writer\] GET \/ 200/);
        await sleep(QUIET_MS);
        const source = path.join(project, "src/index.ts");
        await writeFile(source, (await readFile(source, "utf8")).replace('"1"', '"2"'));
        await until(async () => (await (await dev.fetch("/", { headers: { connection: "close" } })).text()) === "2", "the edit to be served");
        await sleep(QUIET_MS);
        assert.equal(dev.output.match(/Reloaded\./g)?.length, 1, dev.output);
      },
      { cwd: project, outputFile },
    );
  });
});

describe("outpost dev: reloading on a change to a module the watcher does not see", () => {
  const projects = new TempProjects();
  after(() => projects.removeAll());

  it("reload: a module imported from outside the project is watched, as wrangler watches every input of the bundle", async () => {
    const root = projects.create({
      "app/wrangler.jsonc": JSON.stringify({ name: "app", main: "src/index.js", compatibility_date: "2025-06-01" }),
      "app/src/index.js": 'import { MESSAGE } from "../../shared/message.js";\nexport default { fetch: () => new Response(MESSAGE) };\n',
      "shared/message.js": 'export const MESSAGE = "shared v1";\n',
    });
    await withDev([], async (dev) => {
      assert.equal(await (await dev.fetch("/")).text(), "shared v1");
      await writeFile(path.join(root, "shared/message.js"), 'export const MESSAGE = "shared v2";\n');
      await until(async () => (await (await dev.fetch("/", { headers: { connection: "close" } })).text()) === "shared v2", "the shared module's edit to be served");
    }, { cwd: path.join(root, "app") });
  });

  it("reload: a module written into a directory deleted and made again is served, as opennextjs-cloudflare build writes .open-next/", async () => {
    const worker = 'import { MESSAGE } from "./lib/message.js";\nexport default { fetch: () => new Response(MESSAGE) };\n';
    const project = projects.create({
      "wrangler.jsonc": JSON.stringify({ name: "built", main: "out/worker.js", compatibility_date: "2025-06-01" }),
      "out/worker.js": worker,
      "out/lib/message.js": 'export const MESSAGE = "first build";\n',
    });
    await withDev(["--log-level", "debug"], async (dev) => {
      assert.equal(await (await dev.fetch("/")).text(), "first build");
      const from = dev.output.length;
      const out = path.join(project, "out");
      // At once, as a build tool does: the watcher sees the deletion only once the directory is back.
      rmSync(out, { recursive: true });
      mkdirSync(out);
      writeFileSync(path.join(out, "worker.js"), worker);
      // The watcher reports lib/message.js deleted, maybe after the rebuild worker.js started: the
      // rebuild for it must be over before lib/ comes back, or it may find lib/ back by chance.
      const deletion = await dev.waitForOutput(/Rebuilding: [^\n]*out\/lib\/message\.js/, from);
      await dev.waitForOutput(/still serving the last version/i, from + deletion.index);
      await mkdir(path.join(out, "lib"));
      await writeFile(path.join(out, "lib/message.js"), 'export const MESSAGE = "second build";\n');
      await until(async () => (await (await dev.fetch("/", { headers: { connection: "close" } })).text()) === "second build", "the second build to be served");
    }, { cwd: project });
  });
});

describe("outpost dev: rebuilds that keep failing", () => {
  const projects = new TempProjects();
  after(() => projects.removeAll());

  it("reload: a failure is printed once while the rebuilds after it fail the same way, and again after a build succeeds", async () => {
    const project = projects.create({
      "wrangler.jsonc": JSON.stringify({ name: "failing", main: "out/worker.js", compatibility_date: "2025-06-01" }),
      "out/worker.js": 'export default { fetch: () => new Response("built") };\n',
    });
    const main = path.join(project, "out/worker.js");
    const worker = await readFile(main, "utf8");
    const missing = /entry point \S*out\/worker\.js \(`main` in wrangler\.jsonc\) does not exist/g;
    await withDev(["--log-level", "debug"], async (dev) => {
      const from = dev.output.length;
      await rm(main);
      await dev.waitForOutput(missing, from);
      await writeFile(path.join(project, "NOTES.md"), "the build tool is still writing\n");
      const notes = await dev.waitForOutput(/Rebuilding: NOTES\.md changed\./, from);
      await dev.waitForOutput(/The rebuild failed as the last one did/, from + notes.index);
      assert.equal(dev.output.slice(from).match(missing)?.length, 1, dev.output.slice(from));
      await writeFile(main, worker.replace('"built"', '"built again"'));
      await dev.waitForOutput(/Reloaded\./, from + notes.index);
      const again = dev.output.length;
      await rm(main);
      await dev.waitForOutput(missing, again);
    }, { cwd: project });
  });
});
