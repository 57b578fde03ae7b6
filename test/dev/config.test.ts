import assert from "node:assert/strict";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { parse as parseJsonc } from "jsonc-parser";
import { describe, it } from "node:test";
import { fixturesDir, freePorts, runOutpost, withDev } from "../helpers/outpost-cli.js";

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("outpost dev: configuration", () => {
  const vars = path.join(fixturesDir, "vars");

  it("vars: string and JSON vars and .dev.vars secrets reach env", async () => {
    await withDev([vars], async (dev) => {
      assert.deepEqual(await (await dev.fetch("/")).json(), { greeting: "hello", limits: { max: 5 }, secret: "s3cr3t", extra: null });
    });
  });

  it("version_metadata: each deployment is a version with an id and the time it was deployed", async () => {
    const before = Date.now();
    await withDev([vars], async (dev) => {
      const { id, tag, timestamp } = (await (await dev.fetch("/version")).json()) as Record<string, string>;
      assert.match(id!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.equal(tag, "");
      assert.equal(new Date(timestamp!).toISOString(), timestamp);
      assert.ok(Date.parse(timestamp!) >= before && Date.parse(timestamp!) <= Date.now(), timestamp);
    });
  });

  it("--env: selects env.<name>'s vars", async () => {
    await withDev([vars, "--env", "staging"], async (dev) => {
      const body = (await (await dev.fetch("/")).json()) as Record<string, unknown>;
      assert.equal(body.greeting, "hello from staging");
      assert.deepEqual(body.limits, { max: 50 });
      assert.equal(body.secret, "s3cr3t");
    });
  });

  it("CLOUDFLARE_ENV: selects env.<name> when --env is not passed, and --env wins over it, as in wrangler", async () => {
    const greeting = async (args: string[]) =>
      withDev([vars, ...args], async (dev) => ((await (await dev.fetch("/")).json()) as Record<string, unknown>).greeting, { env: { CLOUDFLARE_ENV: "staging" } });
    assert.equal(await greeting([]), "hello from staging");
    const result = await runOutpost(["dev", vars, "--env", "prod", ...freePorts], { env: { CLOUDFLARE_ENV: "staging" } });
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /No environment named "prod"/);
    assert.doesNotMatch(result.stderr, /CLOUDFLARE_ENV/);
  });

  it("CLOUDFLARE_ENV: an environment the config lacks is named as coming from the variable", async () => {
    for (const args of [["dev", vars, ...freePorts], ["kv", "namespace", "list", "-c", vars]]) {
      const result = await runOutpost(args, { env: { CLOUDFLARE_ENV: "prod" } });
      assert.equal(result.code, 1);
      assert.match(result.stderr.trim(), /^✘ No environment named "prod" in \S*wrangler\.jsonc\. Available environments: "staging"\. The environment's name came from CLOUDFLARE_ENV\.$/);
    }
  });

  it("--var: overrides and adds vars", async () => {
    await withDev([vars, "--var", "GREETING:hi:there", "--var", "EXTRA:added"], async (dev) => {
      const body = (await (await dev.fetch("/")).json()) as Record<string, unknown>;
      assert.equal(body.greeting, "hi:there");
      assert.equal(body.extra, "added");
    });
  });

  it("secrets.required: .dev.vars keys that are neither required nor vars stay unbound, and a missing required secret is named", async () => {
    const project = await mkdtemp(path.join(os.tmpdir(), "outpost-declared-secrets-"));
    try {
      await cp(vars, project, { recursive: true, filter: (source) => !source.includes(".outpost") });
      const config = path.join(project, "wrangler.jsonc");
      const fields = parseJsonc(await readFile(config, "utf8")) as Record<string, unknown>;
      await writeFile(config, JSON.stringify({ ...fields, secrets: { required: ["API_KEY"] } }));
      await withDev([project], async (dev) => {
        const body = (await (await dev.fetch("/")).json()) as Record<string, unknown>;
        assert.equal(body.greeting, "hello");
        assert.equal(body.secret, undefined, "SECRET_TOKEN is not declared, so it is not bound");
        assert.match(dev.output, /\.dev\.vars sets SECRET_TOKEN, which is neither in `vars` nor in `secrets\.required`/);
        assert.match(dev.output, /`secrets\.required` names API_KEY, which \.dev\.vars does not set/);
        assert.doesNotMatch(dev.output, /s3cr3t/);
      });
    } finally {
      await rm(project, { recursive: true, force: true });
    }
  });

  it("wrangler dev's flags from a project's scripts: taken as they are, those Outpost cannot honour named in a warning", async () => {
    const flags = ["--local", "--test-scheduled", "--show-interactive-dev-session=false", "--live-reload"];
    await withDev([vars, ...flags], async (dev) => {
      assert.equal(((await (await dev.fetch("/")).json()) as Record<string, unknown>).greeting, "hello");
      assert.equal((await dev.fetch("/__scheduled")).status, 404, "the scheduled route is there, and this worker has no scheduled()");
      assert.match(dev.output, /--live-reload is not supported by Outpost yet and is ignored/);
    });
    const remote = await runOutpost(["dev", vars, "--remote", ...freePorts]);
    assert.equal(remote.code, 1);
    assert.match(remote.stderr, /--remote runs the Worker on Cloudflare's network; Outpost has no remote: outpost dev runs it on this machine only\. Drop --remote\./);
  });

  it("outpost dev <script>: a script path, as in `wrangler dev src/index.ts`, is the entry point in place of main", async () => {
    const project = await mkdtemp(path.join(os.tmpdir(), "outpost-dev-script-"));
    try {
      await cp(vars, project, { recursive: true, filter: (source) => !source.includes(".outpost") });
      await writeFile(path.join(project, "src/other.ts"), 'export default { fetch: (_request: Request, env: { GREETING: string }) => new Response(`other says ${env.GREETING}`) };\n');
      await withDev(["src/other.ts"], async (dev) => assert.equal(await (await dev.fetch("/")).text(), "other says hello"), { cwd: project });
    } finally {
      await rm(project, { recursive: true, force: true });
    }
  });

  it("dev.port, dev.ip and dev.inspector_port: where outpost dev and its debugger listen when --port, --ip and --inspector-port do not say", async () => {
    const port = await freePort();
    const inspectorPort = await freePort();
    const project = await mkdtemp(path.join(os.tmpdir(), "outpost-dev-port-"));
    try {
      await cp(path.join(fixturesDir, "hello"), project, { recursive: true });
      const config = path.join(project, "wrangler.jsonc");
      const fields = parseJsonc(await readFile(config, "utf8")) as Record<string, unknown>;
      await writeFile(config, JSON.stringify({ ...fields, dev: { ip: "127.0.0.1", port, inspector_port: inspectorPort } }));
      await withDev(
        [project],
        async (dev) => {
          assert.equal(dev.url, `http://127.0.0.1:${port}`);
          assert.equal((await dev.fetch("/")).status, 200);
          assert.match(dev.output, new RegExp(`Debugger on http://127\\.0\\.0\\.1:${inspectorPort}\n`));
          assert.doesNotMatch(dev.output, /inspector_port/);
        },
        { portFromConfig: true },
      );
    } finally {
      await rm(project, { recursive: true, force: true });
    }
  });

  it("-c: reads a wrangler.toml", async () => {
    await withDev(["-c", path.join(fixturesDir, "toml/wrangler.toml")], async (dev) => {
      assert.equal(await (await dev.fetch("/")).text(), "from toml");
      await dev.waitForOutput(/\[toml-worker\] GET \/ 200/);
    });
  });

  it("unsupported fields: each is named once in a warning, and the worker still runs", async () => {
    await withDev([path.join(fixturesDir, "errors/unsupported-field")], async (dev) => {
      assert.equal(await (await dev.fetch("/")).text(), "Hello World!");
      assert.match(dev.output, /vectorize/);
      assert.match(dev.output, /frobnicate/);
      assert.equal(dev.output.match(/vectorize/g)?.length, 1);
    });
  });
});
