import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import { describe, it } from "node:test";
import { copyFixture, useFixtureCopy } from "../helpers/fixture-copy.js";
import { type CliResult, failed, freePorts, OutpostDev, runOutpost, succeeded } from "../helpers/outpost-cli.js";
import { kvCall } from "./kv-client.js";

const KV = ["--binding", "KV"];

/** Runs `outpost kv …` in `project`, so its config is found there. */
function outpostKv(project: string, args: readonly string[]): Promise<CliResult> {
  return runOutpost(["kv", ...args], { cwd: project });
}

describe("KV --preview: each binding's preview_id namespace", () => {
  let project: string;
  useFixtureCopy("kv", (copy) => (project = copy));

  it("dev --preview: the worker and `outpost kv … --preview` share the preview namespaces, apart from production", async () => {
    await succeeded(outpostKv(project, ["key", "put", "where", "production", ...KV]));
    const preview = await OutpostDev.start([project, "--preview"]);
    try {
      assert.deepEqual(await kvCall(preview, "get", ["where"]), { result: null });
      assert.deepEqual(await kvCall(preview, "put", ["where", "preview"]), { result: null });
      assert.deepEqual(await kvCall(preview, "put", ["other-where", "other preview"], "OTHER"), { result: null });

      assert.equal(await succeeded(outpostKv(project, ["key", "get", "where", ...KV, "--preview"])), "preview");
      assert.equal(await succeeded(outpostKv(project, ["key", "get", "where", ...KV])), "production");
      assert.equal(await succeeded(outpostKv(project, ["key", "get", "other-where", "--binding", "OTHER", "--preview"])), "other preview");
      assert.equal(await failed(outpostKv(project, ["key", "get", "other-where", "--binding", "OTHER"])), '✘ Key "other-where" not found in namespace OTHER.\n');

      await succeeded(outpostKv(project, ["key", "put", "from-cli", "cli preview", ...KV, "--preview"]));
      assert.deepEqual(await kvCall(preview, "get", ["from-cli"]), { result: "cli preview" });
    } finally {
      await preview.kill();
    }

    const production = await OutpostDev.start([project]);
    try {
      assert.deepEqual(await kvCall(production, "get", ["where"]), { result: "production" });
      assert.deepEqual(await kvCall(production, "get", ["from-cli"]), { result: null });
    } finally {
      await production.kill();
    }
    const previewKeys = JSON.parse(await succeeded(outpostKv(project, ["key", "list", ...KV, "--preview", "--json"]))) as { name: string }[];
    assert.deepEqual(previewKeys.map((key) => key.name), ["from-cli", "where"]);
  });

  it("errors: --preview with --namespace-id, which already names the namespace", async () => {
    assert.equal(
      await failed(outpostKv(project, ["key", "get", "k", "--namespace-id", "some-id", "--preview"])),
      "✘ --preview picks a binding's preview_id, so it needs --binding <NAME>; with --namespace-id, give the preview namespace's id itself.\n",
    );
  });
});

describe("KV --preview: a binding without preview_id", () => {
  it("errors: dev and the CLI refuse it, naming the binding and the field", async () => {
    // kv-reader binds STORE with an id and no preview_id.
    const project = await copyFixture("kv-reader");
    try {
      const expected = /^✘ --preview: the KV binding "STORE" in .*wrangler\.jsonc has no preview_id\. Add "preview_id" to its kv_namespaces entry to give previews a namespace of their own, or run without --preview\.\n$/;
      assert.match(await failed(outpostKv(project, ["key", "get", "k", "--binding", "STORE", "--preview"])), expected);
      const dev = await runOutpost(["dev", project, "--preview", ...freePorts, "--no-watch"]);
      assert.equal(dev.code, 1, dev.stdout);
      assert.match(dev.stderr, /--preview: the KV binding "STORE" in .*wrangler\.jsonc has no preview_id\./);
    } finally {
      await rm(project, { recursive: true, force: true });
    }
  });
});
