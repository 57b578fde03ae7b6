import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, it } from "node:test";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { useFixtureCopy, useRunningCopy } from "../helpers/fixture-copy.js";
import { OutpostDev, repoRoot, runOutpost, succeeded } from "../helpers/outpost-cli.js";
import { kvCall } from "./kv-client.js";

const MiB = 1024 * 1024;
/** The size of the value the round-trip and memory tests move. */
const LARGE_BYTES = 20 * MiB;
/** The largest value the store keeps inline in SQLite; one byte more goes to a blob file. */
const MAX_INLINE_BYTES = 64 * 1024;
const KV = ["--binding", "KV"];

/** The names in `<project>/.outpost/kv/<folder>`. */
async function filesIn(project: string, folder: "blobs" | "tmp"): Promise<Set<string>> {
  return new Set(await readdir(path.join(project, ".outpost/kv", folder)));
}

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** The worker's SHA-256 of a key's value, read as an ArrayBuffer; "null" for a missing key. */
async function digestOf(dev: OutpostDev, key: string): Promise<string> {
  return (await dev.fetch(`/digest?key=${encodeURIComponent(key)}`)).text();
}

async function streamPut(dev: OutpostDev, key: string, body: Uint8Array<ArrayBuffer>): Promise<Response> {
  return dev.fetch(`/stream-put?key=${encodeURIComponent(key)}`, { method: "PUT", body });
}

/** `outpost kv key get`'s stdout as bytes, however large. */
async function cliGetBytes(project: string, key: string): Promise<Buffer> {
  const args = [path.join(repoRoot, "bin/outpost.js"), "kv", "key", "get", key, ...KV];
  const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: project, encoding: "buffer", maxBuffer: 64 * MiB });
  return stdout;
}

/** A line of `/proc/<pid>/status`, in bytes. */
async function statusBytes(pid: number, field: "VmRSS" | "VmHWM"): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return Number(new RegExp(`^${field}:\\s+(\\d+) kB$`, "m").exec(status)![1]) * 1024;
}

/** How far the resident memory of process `pid` rose above its level at the start while `run` ran, at its peak. */
async function peakMemoryGrowth(pid: number, run: () => Promise<void>): Promise<number> {
  // Writing 5 to clear_refs resets the peak (VmHWM) to the current resident size.
  await writeFile(`/proc/${pid}/clear_refs`, "5");
  const before = await statusBytes(pid, "VmRSS");
  await run();
  return (await statusBytes(pid, "VmHWM")) - before;
}

/** The pid of a process that has exited, as a crashed writer's would be. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  await new Promise((resolve) => child.once("exit", resolve));
  return child.pid!;
}

describe("KV large values: streamed to and from blob files", () => {
  let dev: OutpostDev;
  let project: string;
  useRunningCopy("kv", (started, copy) => {
    dev = started;
    project = copy;
  });

  it("round trip: a 20 MiB value put as a stream reads back byte-exact as a stream and as an ArrayBuffer", async () => {
    const value = randomBytes(LARGE_BYTES);
    assert.equal(await (await streamPut(dev, "big", value)).text(), "ok");
    for (const type of ["stream", "arrayBuffer"]) {
      const response = await dev.fetch(`/stream-get?key=big&type=${type}`);
      assert.equal(response.status, 200);
      const read = Buffer.from(await response.arrayBuffer());
      assert.equal(read.byteLength, value.byteLength, `${type}: length`);
      assert.ok(read.equals(value), `${type}: the bytes differ`);
    }
  });

  it("memory: the outpost process does not hold a 20 MiB value while putting and reading it", async (t) => {
    const value = randomBytes(LARGE_BYTES);
    const transfer = async (key: string) => {
      assert.equal(await (await streamPut(dev, key, value)).text(), "ok");
      assert.equal((await (await dev.fetch(`/stream-get?key=${key}&type=stream`)).arrayBuffer()).byteLength, LARGE_BYTES);
      assert.equal((await (await dev.fetch(`/stream-get?key=${key}&type=arrayBuffer`)).arrayBuffer()).byteLength, LARGE_BYTES);
    };
    // V8 collects spent chunks only once tens of MiB of them pile up, so a cold process's first
    // transfer shows its garbage; after one warm-up the freed memory is reused, and what remains
    // is what a transfer holds at once.
    await transfer("warm-up");
    const growth = await peakMemoryGrowth(dev.pid, () => transfer("measured"));
    t.diagnostic(`peak resident memory growth: ${(growth / MiB).toFixed(1)} MiB`);
    // Buffering the value holds it twice at once (the chunks, then their copy into one buffer),
    // 40 MiB; streaming holds a few chunks, plus whatever garbage V8 has not yet collected.
    assert.ok(growth < 1.5 * LARGE_BYTES, `outpost's resident memory rose ${(growth / MiB).toFixed(1)} MiB while moving ${LARGE_BYTES / MiB} MiB`);
  });

  it("threshold: values up to 64 KiB stay in SQLite, larger ones get a file", async () => {
    const before = await filesIn(project, "blobs");
    await kvCall(dev, "putBytes", ["inline-max", [...randomBytes(MAX_INLINE_BYTES)]]);
    assert.deepEqual(await filesIn(project, "blobs"), before);
    const bytes = randomBytes(MAX_INLINE_BYTES + 1);
    assert.equal(await (await streamPut(dev, "first-file", bytes)).text(), "ok");
    assert.equal((await filesIn(project, "blobs")).size, before.size + 1);
    assert.equal(await digestOf(dev, "first-file"), sha256(bytes));
  });

  it("overwrite and delete: the replaced value's file is removed once the change is answered", async () => {
    const newFiles = async (known: Set<string>) => [...(await filesIn(project, "blobs"))].filter((name) => !known.has(name));
    const known = await filesIn(project, "blobs");
    await streamPut(dev, "replaced", randomBytes(100 * 1024));
    const [first] = await newFiles(known);
    assert.ok(first !== undefined);

    const second = randomBytes(200 * 1024);
    await streamPut(dev, "replaced", second);
    const afterOverwrite = await newFiles(known);
    assert.equal(afterOverwrite.length, 1);
    assert.notEqual(afterOverwrite[0], first);
    assert.equal(await digestOf(dev, "replaced"), sha256(second));

    await kvCall(dev, "put", ["replaced", "small now"]);
    assert.deepEqual(await newFiles(known), []);
    assert.equal((await kvCall(dev, "get", ["replaced"])).result, "small now");

    await streamPut(dev, "replaced", randomBytes(100 * 1024));
    assert.equal((await newFiles(known)).length, 1);
    await kvCall(dev, "delete", ["replaced"]);
    assert.deepEqual(await newFiles(known), []);
    assert.equal((await kvCall(dev, "get", ["replaced"])).result, null);
  });

  it("errors: a streamed value over 25 MiB is refused with KV's text, drained, and leaves no file", async () => {
    const blobs = await filesIn(project, "blobs");
    const response = await streamPut(dev, "too-big", new Uint8Array(25 * MiB + 1));
    assert.equal(response.status, 500);
    assert.match(await response.text(), /KV PUT failed: 413 Value length of 26214401 exceeds limit of 26214400\./);
    assert.equal(await digestOf(dev, "too-big"), "null");
    assert.deepEqual(await filesIn(project, "blobs"), blobs);
    assert.deepEqual(await filesIn(project, "tmp"), new Set());
    // The connection survived the refusal: the worker still reaches KV.
    assert.equal(await (await streamPut(dev, "after-refusal", new Uint8Array(MAX_INLINE_BYTES * 2))).text(), "ok");
  });

  it("bulk get: values kept in files, as text, as JSON and with metadata", async () => {
    const text = "t".repeat(100 * 1024);
    const json = { list: "j".repeat(100 * 1024) };
    await kvCall(dev, "put", ["bulk-text", text, { metadata: { kind: "text" } }]);
    await kvCall(dev, "put", ["bulk-json", JSON.stringify(json)]);
    assert.deepEqual((await kvCall(dev, "get", [["bulk-text", "bulk-json", "bulk-missing"]])).result, {
      map: { "bulk-text": text, "bulk-json": JSON.stringify(json), "bulk-missing": null },
    });
    assert.deepEqual((await kvCall(dev, "get", [["bulk-json"], "json"])).result, { map: { "bulk-json": json } });
    assert.deepEqual((await kvCall(dev, "getWithMetadata", [["bulk-text"]])).result, {
      map: { "bulk-text": { value: text, metadata: { kind: "text" } } },
    });
    const { error } = await kvCall(dev, "get", [["bulk-text"], "json"]);
    assert.ok(error?.includes("At least one of the requested keys corresponds to a non-json value"), error);
  });

  it("bulk get: values in files count toward the 25 MiB total", async () => {
    for (const key of ["half-1", "half-2"]) assert.equal(await (await dev.fetch(`/put-size?key=${key}&bytes=${13 * MiB}`)).text(), "ok");
    const { error } = await kvCall(dev, "get", [["half-1", "half-2"]]);
    assert.ok(error?.includes("KV GET_BULK failed: 413 Total size of request exceeds the limit of 25MB"), error);
  });

  it("CLI: a 20 MiB --path file round-trips byte-exact, and the worker reads it while dev runs", async () => {
    const value = randomBytes(LARGE_BYTES);
    await writeFile(path.join(project, "big.bin"), value);
    await succeeded(runOutpost(["kv", "key", "put", "cli-big", "--path", "big.bin", ...KV], { cwd: project }));
    assert.ok((await cliGetBytes(project, "cli-big")).equals(value), "CLI get: the bytes differ");
    assert.equal(await digestOf(dev, "cli-big"), sha256(value));
  });

  it("CLI: reads a large value the worker wrote, raw and with --json", async () => {
    const text = Buffer.from("w".repeat(3 * MiB));
    assert.equal(await (await streamPut(dev, "from-worker-big", text)).text(), "ok");
    assert.ok((await cliGetBytes(project, "from-worker-big")).equals(text));
    const json = JSON.parse(await succeeded(runOutpost(["kv", "key", "get", "from-worker-big", ...KV, "--json"], { cwd: project })));
    assert.equal(json.value, text.toString());
  });

  it("CLI: bulk put writes large values to files, all or none", async () => {
    const bytes = randomBytes(300 * 1024);
    await writeFile(path.join(project, "large-bulk.json"), JSON.stringify([{ key: "bulk-big", value: bytes.toString("base64"), base64: true }]));
    await succeeded(runOutpost(["kv", "bulk", "put", "large-bulk.json", ...KV], { cwd: project }));
    assert.ok((await cliGetBytes(project, "bulk-big")).equals(bytes));
    assert.equal(await digestOf(dev, "bulk-big"), sha256(bytes));
  });
});

describe("KV large values: files across restarts", () => {
  let project: string;
  useFixtureCopy("kv", (copy) => (project = copy));

  it("startup: removes expired values' files, orphan files and dead writers' temp files, and keeps the rest", async () => {
    const kept = randomBytes(200 * 1024);
    let dev = await OutpostDev.start([project]);
    let keptFile: string;
    try {
      assert.equal(await (await streamPut(dev, "kept", kept)).text(), "ok");
      keptFile = [...(await filesIn(project, "blobs"))][0]!;
      await streamPut(dev, "expiring", randomBytes(200 * 1024));
      assert.equal((await filesIn(project, "blobs")).size, 2);
    } finally {
      await dev.stop();
    }
    // Expire the key as a clock would, and leave what a crash could: a blob no row names, a dead
    // writer's temp file, and the temp file of a writer that still runs (this test), which must stay.
    const db = new Database(path.join(project, ".outpost/kv/kv.sqlite"));
    db.prepare("UPDATE kv_entries SET expiration = ? WHERE key = 'expiring'").run(Date.now() - 1000);
    db.close();
    const kv = path.join(project, ".outpost/kv");
    await writeFile(path.join(kv, "blobs", "0123456789abcdef0123456789abcdef"), "orphan");
    const deadDraft = `${await deadPid()}-feedfacefeedfacefeedfacefeedface`;
    const liveDraft = `${process.pid}-cafebabecafebabecafebabecafebabe`;
    await writeFile(path.join(kv, "tmp", deadDraft), "unfinished");
    await writeFile(path.join(kv, "tmp", liveDraft), "in progress elsewhere");

    dev = await OutpostDev.start([project]);
    try {
      assert.deepEqual(await filesIn(project, "blobs"), new Set([keptFile]));
      assert.deepEqual(await filesIn(project, "tmp"), new Set([liveDraft]));
      assert.equal(await digestOf(dev, "kept"), sha256(kept));
      assert.equal(await digestOf(dev, "expiring"), "null");
    } finally {
      await dev.kill();
    }
  });
});
