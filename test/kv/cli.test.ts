import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { failed, fixturesDir, OutpostDev, repoRoot, runOutpost, succeeded, type CliResult } from "../helpers/outpost-cli.js";
import { kvCall } from "./kv-client.js";

const KV = ["--binding", "KV"];

/** A fresh copy of the `kv` fixture in a temp directory, without data a manual run may have left in it. */
async function copyKvFixture(): Promise<string> {
  const project = await mkdtemp(path.join(os.tmpdir(), "outpost-kv-cli-"));
  await cp(path.join(fixturesDir, "kv"), project, { recursive: true, filter: (source) => !source.includes(".outpost") });
  return project;
}

/** Runs `outpost kv …` in `project`, so the config and relative file names are found there. */
function outpostKv(project: string, args: readonly string[]): Promise<CliResult> {
  return runOutpost(["kv", ...args], { cwd: project });
}

/** `outpost kv key get`'s stdout as bytes: `runOutpost` decodes it as text. */
async function getBytes(project: string, key: string): Promise<Buffer> {
  const args = [path.join(repoRoot, "bin/outpost.js"), "kv", "key", "get", key, ...KV];
  const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: project, encoding: "buffer" });
  return stdout;
}

async function getJson(project: string, key: string): Promise<unknown> {
  return JSON.parse(await succeeded(outpostKv(project, ["key", "get", key, ...KV, "--json"])));
}

async function listKeys(project: string, prefix: string): Promise<{ name: string; expiration?: number; metadata?: unknown }[]> {
  return JSON.parse(await succeeded(outpostKv(project, ["key", "list", "--prefix", prefix, ...KV, "--json"])));
}

describe("outpost kv: the project's KV data from the command line", () => {
  let project: string;
  before(async () => {
    project = await copyKvFixture();
  });
  after(async () => {
    await rm(project, { recursive: true, force: true });
  });

  it("key put/get/delete: a value round-trips, and is gone once deleted", async () => {
    assert.equal(await succeeded(outpostKv(project, ["key", "put", "greeting", "hello", ...KV])), 'Wrote key "greeting" to namespace shared-namespace.\n');
    assert.equal(await succeeded(outpostKv(project, ["key", "get", "greeting", ...KV])), "hello");
    assert.equal(await succeeded(outpostKv(project, ["key", "delete", "greeting", ...KV])), 'Deleted key "greeting" from namespace shared-namespace.\n');
    assert.equal(await failed(outpostKv(project, ["key", "get", "greeting", ...KV])), '✘ Key "greeting" not found in namespace shared-namespace.\n');
  });

  it("key get --text: the value decoded as UTF-8, ended with a newline, as wrangler prints it", async () => {
    await writeFile(path.join(project, "latin1.bin"), Buffer.from([0x63, 0x61, 0x66, 0xe9]));
    await succeeded(outpostKv(project, ["key", "put", "latin1", "--path", "latin1.bin", ...KV]));
    assert.equal(await succeeded(outpostKv(project, ["key", "get", "latin1", ...KV, "--text"])), "caf\uFFFD\n");
    await succeeded(outpostKv(project, ["key", "put", "unicode", "naïve ✓", ...KV]));
    assert.equal(await succeeded(outpostKv(project, ["key", "get", "unicode", ...KV, "--text"])), "naïve ✓\n");
  });

  it("key put --path: binary bytes round-trip exactly", async () => {
    const bytes = Buffer.from([...Array.from({ length: 256 }, (_, i) => i), 0, 13, 10, 255]);
    await writeFile(path.join(project, "value.bin"), bytes);
    await succeeded(outpostKv(project, ["key", "put", "binary", "--path", "value.bin", ...KV]));
    assert.deepEqual(await getBytes(project, "binary"), bytes);
  });

  it("key put --metadata, --ttl, --expiration: shown by get --json and by list", async () => {
    const before = Math.floor(Date.now() / 1000);
    const put = ["key", "put", "meta/ttl", "v1", "--metadata", '{"owner": "ada"}', "--ttl", "3600", ...KV, "--json"];
    assert.deepEqual(JSON.parse(await succeeded(outpostKv(project, put))), { ok: true });
    const afterPut = Math.floor(Date.now() / 1000);
    const withTtl = (await getJson(project, "meta/ttl")) as { expiration: number };
    assert.deepEqual({ ...withTtl, expiration: 0 }, { key: "meta/ttl", value: "v1", metadata: { owner: "ada" }, expiration: 0 });
    assert.ok(withTtl.expiration >= before + 3600 && withTtl.expiration <= afterPut + 3600, `expiration ${withTtl.expiration}`);

    const at = before + 7200;
    await succeeded(outpostKv(project, ["key", "put", "meta/at", "v2", "--expiration", String(at), ...KV]));
    assert.deepEqual(await getJson(project, "meta/at"), { key: "meta/at", value: "v2", metadata: null, expiration: at });
    assert.deepEqual(await listKeys(project, "meta/"), [
      { name: "meta/at", expiration: at },
      { name: "meta/ttl", expiration: withTtl.expiration, metadata: { owner: "ada" } },
    ]);
  });

  it("key list --prefix: follows pages past 1000 keys and returns them all in order", async () => {
    const names = Array.from({ length: 1100 }, (_, i) => `many/${String(i).padStart(4, "0")}`);
    const entries = [...names].reverse().map((key) => ({ key, value: key }));
    await writeFile(path.join(project, "many.json"), JSON.stringify([...entries, { key: "manz", value: "outside the prefix" }]));
    assert.equal(await succeeded(outpostKv(project, ["bulk", "put", "many.json", ...KV])), "Wrote 1101 keys.\n");
    assert.deepEqual(await listKeys(project, "many/"), names.map((name) => ({ name })));
    const human = JSON.parse(await succeeded(outpostKv(project, ["key", "list", "--prefix", "many/", ...KV]))) as unknown[];
    assert.equal(human.length, 1100);
  });

  it("bulk put: base64 values, metadata and expiration_ttl in wrangler's format", async () => {
    const bytes = Buffer.from([0, 255, 128, 10]);
    const before = Math.floor(Date.now() / 1000);
    const entries = [
      { key: "bulk/bytes", value: bytes.toString("base64"), base64: true },
      { key: "bulk/meta", value: "text", metadata: { n: 1 }, expiration_ttl: 600 },
    ];
    await writeFile(path.join(project, "entries.json"), JSON.stringify(entries));
    assert.deepEqual(JSON.parse(await succeeded(outpostKv(project, ["bulk", "put", "entries.json", ...KV, "--json"]))), { ok: true, count: 2 });
    assert.deepEqual(await getBytes(project, "bulk/bytes"), bytes);
    const meta = (await getJson(project, "bulk/meta")) as { value: string; metadata: unknown; expiration: number };
    assert.deepEqual([meta.value, meta.metadata], ["text", { n: 1 }]);
    assert.ok(meta.expiration >= before + 600 && meta.expiration <= before + 660, `expiration ${meta.expiration}`);
  });

  it("bulk delete: removes keys given as strings and as {name} objects", async () => {
    await writeFile(path.join(project, "gone.json"), JSON.stringify(["gone/1", "gone/2", "gone/3"].map((key) => ({ key, value: "v" }))));
    await succeeded(outpostKv(project, ["bulk", "put", "gone.json", ...KV]));
    await writeFile(path.join(project, "delete.json"), JSON.stringify(["gone/1", { name: "gone/2" }]));
    assert.equal(await succeeded(outpostKv(project, ["bulk", "delete", "delete.json", ...KV])), "Deleted 2 keys.\n");
    assert.deepEqual(await listKeys(project, "gone/"), [{ name: "gone/3" }]);
  });

  it("wrangler's flags: --local and bulk delete's --force change nothing; --remote is refused before anything is written", async () => {
    assert.equal(await succeeded(outpostKv(project, ["key", "put", "local/k", "v", ...KV, "--local"])), 'Wrote key "local/k" to namespace shared-namespace.\n');
    assert.equal(await succeeded(outpostKv(project, ["key", "get", "local/k", ...KV, "--local"])), "v");
    await writeFile(path.join(project, "local.json"), JSON.stringify(["local/k"]));
    assert.equal(
      await failed(outpostKv(project, ["bulk", "delete", "local.json", ...KV, "--remote"])),
      "✘ --remote works on the data in your Cloudflare account; Outpost has no remote: outpost kv bulk delete already works on the local data, as wrangler's --local does. Drop --remote.\n",
    );
    assert.equal(await succeeded(outpostKv(project, ["key", "get", "local/k", ...KV])), "v");
    assert.equal(await succeeded(outpostKv(project, ["bulk", "delete", "local.json", ...KV, "--local", "--force"])), "Deleted 1 key.\n");
  });

  it("namespace list: the config's bindings and their preview_ids, then other namespaces that hold data", async () => {
    await succeeded(outpostKv(project, ["key", "put", "k", "v", "--namespace-id", "loose-namespace"]));
    const listed = JSON.parse(await succeeded(runOutpost(["kv", "namespace", "list", "-c", project, "--json"])));
    assert.deepEqual(listed, [
      { binding: "KV", id: "shared-namespace" },
      { binding: "KV", id: "preview-namespace", preview: true },
      { binding: "OTHER", id: "OTHER" },
      { binding: "OTHER", id: "other-preview-namespace", preview: true },
      { binding: null, id: "loose-namespace" },
    ]);
    const table = await succeeded(outpostKv(project, ["namespace", "list"]));
    assert.match(table, /^KV\s+shared-namespace$/m);
    assert.match(table, /^OTHER\s+OTHER$/m);
    assert.match(table, /^KV \(preview\)\s+preview-namespace$/m);
    assert.match(table, /^\(unbound\)\s+loose-namespace$/m);
  });

  it("--persist-to: reads and writes the store in that directory instead of .outpost/", async () => {
    const elsewhere = path.join(project, "elsewhere");
    await succeeded(outpostKv(project, ["key", "put", "placed", "there", ...KV, "--persist-to", elsewhere]));
    assert.equal(await succeeded(outpostKv(project, ["key", "get", "placed", ...KV, "--persist-to", elsewhere])), "there");
    await failed(outpostKv(project, ["key", "get", "placed", ...KV]));
  });

  const refusals: [subject: string, args: string[], expected: string | RegExp][] = [
    ["no --binding or --namespace-id", ["key", "get", "k"], "✘ Choose a KV namespace with --binding <NAME> (a binding in the config's kv_namespaces) or --namespace-id <id>.\n"],
    ["unknown --binding", ["key", "get", "k", "--binding", "NOPE"], /^✘ --binding NOPE: no KV namespace is bound to "NOPE" in .*wrangler\.jsonc\. Configured bindings: KV, OTHER; /],
    ["both a value and --path", ["key", "put", "k", "v", "--path", "value.bin", ...KV], "✘ Give the value either as an argument or with --path <file>, not both.\n"],
    ["neither a value nor --path", ["key", "put", "k", ...KV], /^✘ Give the value to write: .* or --path <file>/],
    ["--metadata that is not JSON", ["key", "put", "k", "v", "--metadata", "{owner:ada}", ...KV], /--metadata is not JSON/],
    ["--ttl under 60: KV's own text", ["key", "put", "k", "v", "--ttl", "30", ...KV], "✘ KV PUT failed: 400 Invalid expiration_ttl of 30. Expiration TTL must be at least 60.\n"],
    ["--ttl that is not a number", ["key", "put", "k", "v", "--ttl", "abc", ...KV], /--ttl must be a whole number of seconds \(got "abc"\)/],
  ];
  for (const [subject, args, expected] of refusals) {
    it(`errors: ${subject}`, async () => {
      const stderr = await failed(outpostKv(project, args));
      if (typeof expected === "string") assert.equal(stderr, expected);
      else assert.match(stderr, expected);
    });
  }

  it("errors: a malformed bulk file names the entry and field, and nothing is written", async () => {
    const entries = [{ key: "first", value: "x" }, { key: "b", value: "y" }, { key: "c", value: "z" }, { key: "d", value: 3 }];
    await writeFile(path.join(project, "bad.json"), JSON.stringify(entries));
    assert.equal(await failed(outpostKv(project, ["bulk", "put", "bad.json", ...KV])), "✘ bad.json[3].value must be a string.\n");
    await writeFile(path.join(project, "bad.json"), JSON.stringify({ key: "first", value: "x" }));
    assert.match(await failed(outpostKv(project, ["bulk", "put", "bad.json", ...KV])), /^✘ bad\.json must be a JSON array/);
    await failed(outpostKv(project, ["key", "get", "first", ...KV]));
  });

  it("errors: a bulk entry KV refuses is named with KV's text, and nothing is written", async () => {
    const entries = [{ key: "first", value: "x" }, { key: "short-lived", value: "y", expiration_ttl: 30 }];
    await writeFile(path.join(project, "refused.json"), JSON.stringify(entries));
    assert.equal(
      await failed(outpostKv(project, ["bulk", "put", "refused.json", ...KV])),
      "✘ refused.json[1]: KV PUT failed: 400 Invalid expiration_ttl of 30. Expiration TTL must be at least 60.\n",
    );
    await failed(outpostKv(project, ["key", "get", "first", ...KV]));
  });
});

describe("outpost kv beside outpost dev: one store", () => {
  let project: string;
  let dev: OutpostDev | undefined;
  before(async () => {
    project = await copyKvFixture();
    dev = await OutpostDev.start([project]);
  });
  after(async () => {
    await dev?.kill();
    await rm(project, { recursive: true, force: true });
  });

  it("cross-visibility: the worker reads what the CLI wrote, and the CLI reads what the worker wrote", async () => {
    await succeeded(outpostKv(project, ["key", "put", "from-cli", "cli value", ...KV]));
    assert.deepEqual(await kvCall(dev!, "get", ["from-cli"]), { result: "cli value" });
    await succeeded(outpostKv(project, ["key", "put", "other-key", "other value", "--binding", "OTHER"]));
    assert.deepEqual(await kvCall(dev!, "get", ["other-key"], "OTHER"), { result: "other value" });

    assert.deepEqual(await kvCall(dev!, "put", ["from-worker", "worker value", { metadata: { by: "worker" } }]), { result: null });
    assert.deepEqual(await getJson(project, "from-worker"), { key: "from-worker", value: "worker value", metadata: { by: "worker" }, expiration: null });
    await succeeded(outpostKv(project, ["key", "delete", "from-worker", ...KV]));
    assert.deepEqual(await kvCall(dev!, "get", ["from-worker"]), { result: null });
  });
});
