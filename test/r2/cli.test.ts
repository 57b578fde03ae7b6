import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, it } from "node:test";
import { spawn } from "node:child_process";
import { useFixtureCopy, useRunningCopy } from "../helpers/fixture-copy.js";
import { failed, repoRoot, runOutpost, succeeded, type OutpostDev } from "../helpers/outpost-cli.js";
import { r2Object } from "./r2-client.js";

/** Runs the CLI with `input` on its standard input. */
function runWithInput(args: string[], input: Buffer): Promise<{ code: number | null; stdout: Buffer }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(repoRoot, "bin/outpost.js"), ...args], { stdio: ["pipe", "pipe", "inherit"] });
    const chunks: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
    child.on("exit", (code) => resolve({ code, stdout: Buffer.concat(chunks) }));
    child.stdin.end(input);
  });
}

describe("outpost r2 bucket", () => {
  let project: string;
  useFixtureCopy("r2", (copied) => (project = copied));
  const r2 = (...args: string[]) => runOutpost(["r2", ...args, "-c", project]);

  it("bucket create/list/delete: manages buckets and refuses what R2 refuses", async () => {
    assert.match(await succeeded(r2("bucket", "create", "photos")), /Created bucket "photos"/);
    assert.equal(await failed(r2("bucket", "create", "photos")), '✘ Bucket "photos" exists already.\n');
    assert.match(await failed(r2("bucket", "create", "No_Good")), /The bucket name "No_Good" is not valid: use 3 to 63 lowercase letters/);
    const listed = JSON.parse(await succeeded(r2("bucket", "list", "--json"))) as { name: string }[];
    assert.deepEqual(listed.map((bucket) => bucket.name), ["photos"]);
    assert.match(await succeeded(r2("bucket", "list")), /^Name\s+Created\nphotos\s+\d{4}-/);
    assert.match(await succeeded(r2("bucket", "delete", "photos")), /Deleted bucket "photos"/);
    assert.equal(await failed(r2("bucket", "delete", "photos")), '✘ Bucket "photos" does not exist. Create it with `outpost r2 bucket create photos`.\n');
  });

  it("bucket notification create/list/delete: keeps at most five rules a bucket", async () => {
    await succeeded(r2("bucket", "create", "events"));
    await succeeded(r2("bucket", "notification", "create", "events", "--event-type", "object-create", "--queue", "q1", "--prefix", "img/", "--suffix", ".png"));
    const rules = JSON.parse(await succeeded(r2("bucket", "notification", "list", "events", "--json"))) as unknown[];
    assert.deepEqual(rules, [{ queue: "q1", eventTypes: ["object-create"], prefix: "img/", suffix: ".png" }]);
    for (const queue of ["q2", "q3", "q4", "q5"]) await succeeded(r2("bucket", "notification", "create", "events", "--event-type", "object-delete", "--queue", queue));
    assert.match(await failed(r2("bucket", "notification", "create", "events", "--event-type", "object-delete", "--queue", "q6")), /at most 5 notification rules/);
    assert.match(await failed(r2("bucket", "notification", "create", "events", "--event-type", "object-moved", "--queue", "q6")), /object-moved/);
    await succeeded(r2("bucket", "notification", "delete", "events", "--queue", "q1"));
    assert.match(await failed(r2("bucket", "notification", "delete", "events", "--queue", "q1")), /has no notification rule for queue "q1"/);
  });
});

describe("outpost r2 object", () => {
  let project: string;
  useFixtureCopy("r2", (copied) => (project = copied));
  const r2 = (...args: string[]) => runOutpost(["r2", ...args, "-c", project]);

  it("object put/get/delete: files and pipes round-trip bytes exactly", async () => {
    await succeeded(r2("bucket", "create", "files"));
    const bytes = Buffer.from([0, 1, 2, 255, 254, 10, 13]);
    const source = path.join(project, "in.bin");
    await writeFile(source, bytes);
    assert.match(await succeeded(r2("object", "put", "files/dir/in.bin", "--file", source, "--content-type", "application/x-test")), /Wrote 7 bytes to files\/dir\/in.bin/);
    const target = path.join(project, "out.bin");
    await succeeded(r2("object", "get", "files/dir/in.bin", "--file", target));
    assert.deepEqual(await readFile(target), bytes);
    const piped = await runWithInput(["r2", "object", "put", "files/piped", "--pipe", "-c", project], bytes);
    assert.equal(piped.code, 0);
    const out = await runWithInput(["r2", "object", "get", "files/piped", "--pipe", "-c", project], Buffer.alloc(0));
    assert.deepEqual(out.stdout, bytes);
    await succeeded(r2("object", "delete", "files/piped"));
    assert.equal(await failed(r2("object", "get", "files/piped", "--pipe")), '✘ Object "piped" not found in bucket "files".\n');
  });

  it("object put/get --ssec-key: an encrypted object needs its key to be read", async () => {
    await succeeded(r2("bucket", "create", "secret-files"));
    const key = "ab".repeat(32);
    const bytes = Buffer.from("only with the key");
    const source = path.join(project, "secret.txt");
    await writeFile(source, bytes);
    await succeeded(r2("object", "put", "secret-files/s", "--file", source, "--ssec-key", key));
    const target = path.join(project, "secret-out.txt");
    await succeeded(r2("object", "get", "secret-files/s", "--file", target, "--ssec-key", key));
    assert.deepEqual(await readFile(target), bytes);
    assert.match(await failed(r2("object", "get", "secret-files/s", "--pipe")), /stored using a form of Server Side Encryption.*Pass the key it was written with: --ssec-key/);
    assert.match(await failed(r2("object", "get", "secret-files/s", "--pipe", "--ssec-key", "cd".repeat(32))), /Access Denied/);
    assert.match(await failed(r2("object", "get", "secret-files/s", "--pipe", "--ssec-key", "abc")), /--ssec-key must be 64 hex digits/);
  });

  it("wrangler's flags: --local changes nothing, --remote is refused", async () => {
    const config = path.join(project, "wrangler.jsonc");
    await succeeded(r2("object", "put", "fixture-bucket/local.json", "--local", "--file", config));
    assert.equal(await succeeded(r2("object", "get", "fixture-bucket/local.json", "--local", "--pipe")), await readFile(config, "utf8"));
    assert.match(await failed(r2("object", "delete", "fixture-bucket/local.json", "--remote")), /^✘ --remote works on the data in your Cloudflare account; Outpost has no remote: outpost r2 object delete already works/);
    await succeeded(r2("object", "get", "fixture-bucket/local.json", "--pipe"));
  });

  it("object put: says what is wrong with the path or the source", async () => {
    assert.match(await failed(r2("object", "put", "no-slash", "--pipe")), /"no-slash" is not an object path: write it as <bucket>\/<key>/);
    assert.match(await failed(r2("object", "put", "files/x")), /--file <path>, or --pipe/);
    assert.match(await failed(r2("object", "put", "files/x", "--file", "missing.bin")), /Cannot read --file missing.bin/);
    assert.match(await failed(r2("object", "put", "nowhere/x", "--file", path.join(project, "wrangler.jsonc"))), /Bucket "nowhere" does not exist/);
    assert.equal(await failed(r2("object", "put", "files/x", "--file", project)), `✘ Cannot read --file ${project}: it is a directory. Check the path.\n`);
  });

  it("object put/get: a bucket of r2_buckets needs no create before the first dev", async () => {
    await succeeded(r2("object", "put", "fixture-bucket/early.txt", "--file", path.join(project, "wrangler.jsonc")));
    assert.equal(await succeeded(r2("object", "get", "fixture-bucket/early.txt", "--pipe")), await readFile(path.join(project, "wrangler.jsonc"), "utf8"));
    assert.match(await failed(r2("object", "get", "other-bucket/none")), /Object "none" not found in bucket "other-bucket"/);
    assert.match(await failed(r2("bucket", "create", "fixture-bucket")), /Bucket "fixture-bucket" exists already/);
  });

  it("object get: says what is wrong with where the object would go, and writes nothing", async () => {
    await succeeded(r2("object", "put", "fixture-bucket/", "--file", path.join(project, "wrangler.jsonc")));
    assert.equal(await failed(r2("object", "get", "fixture-bucket/")), '✘ The key "" names no file to write to: pass --file <path>, or --pipe for standard output.\n');
    const out = path.join(project, "out");
    assert.equal(await failed(r2("object", "get", "fixture-bucket/", "--file", out, "--pipe")), "✘ Give either --file <path> or --pipe, not both.\n");
    const missingDir = path.join(project, "no-such-dir", "out");
    assert.match(await failed(r2("object", "get", "fixture-bucket/", "--file", missingDir)), new RegExp(`^✘ Cannot write --file ${missingDir}: ENOENT`));
    await assert.rejects(readFile(out), { code: "ENOENT" });
  });
});

describe("outpost r2 and outpost dev: one store", () => {
  let dev: OutpostDev;
  let project: string;
  useRunningCopy("r2", (started, copied) => {
    dev = started;
    project = copied;
  });

  it("dev: creates the configured buckets, and the CLI reads what the binding wrote while dev runs", async () => {
    const listed = JSON.parse(await succeeded(runOutpost(["r2", "bucket", "list", "--json", "-c", project]))) as { name: string }[];
    assert.deepEqual(listed.map((bucket) => bucket.name), ["fixture-bucket", "other-bucket"]);
    await r2Object(dev, "put", ["from-worker", "written by the binding"]);
    const out = await runWithInput(["r2", "object", "get", "fixture-bucket/from-worker", "--pipe", "-c", project], Buffer.alloc(0));
    assert.equal(out.stdout.toString(), "written by the binding");
    await succeeded(runOutpost(["r2", "object", "put", "fixture-bucket/from-cli", "--file", path.join(project, "wrangler.jsonc"), "-c", project]));
    assert.equal((await r2Object(dev, "head", ["from-cli"])).key, "from-cli");
  });

  it("object put: wrangler's metadata flags set what the binding reads, and -J and -y change nothing", async () => {
    const file = path.join(project, "wrangler.jsonc");
    const metadata = ["--content-type", "text/plain", "--content-disposition", "inline", "--content-encoding", "identity", "--content-language", "en"];
    const caching = ["--cache-control", "max-age=60", "--expires", "2030-01-02T03:04:05Z", "-s", "InfrequentAccess", "-J", "eu", "-y"];
    await succeeded(runOutpost(["r2", "object", "put", "fixture-bucket/described", "--file", file, ...metadata, ...caching, "-c", project]));
    const object = await r2Object(dev, "head", ["described"]);
    assert.deepEqual(object.httpMetadata, {
      contentType: "text/plain",
      contentDisposition: "inline",
      contentEncoding: "identity",
      contentLanguage: "en",
      cacheControl: "max-age=60",
      cacheExpiry: Date.parse("2030-01-02T03:04:05Z"),
    });
    assert.equal(object.storageClass, "InfrequentAccess");

    const put = (...flags: string[]) => runOutpost(["r2", "object", "put", "fixture-bucket/refused", "--file", file, ...flags, "-c", project]);
    assert.match(await failed(put("--expires", "soon")), /--expires must be a date, such as 2030-01-01T00:00:00Z \(got "soon"\)/);
    assert.match(await failed(put("--storage-class", "Glacier")), /--storage-class must be one of Standard, InfrequentAccess \(got "Glacier"\)/);
    await succeeded(runOutpost(["r2", "object", "delete", "fixture-bucket/described", "-J", "eu", "-y", "-c", project]));
    assert.equal(await failed(runOutpost(["r2", "object", "get", "fixture-bucket/described", "--jurisdiction", "eu", "--pipe", "-c", project])), '✘ Object "described" not found in bucket "fixture-bucket".\n');
  });
});
