import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { DIGEST_THREAD } from "./digest-thread.js";

const MiB = 1024 * 1024;

/** `count` chunks of `size` bytes, each filled from its own seed so every chunk differs. */
function chunks(seed: number, count: number, size: number): Buffer[] {
  return Array.from({ length: count }, (_unused, index) => Buffer.alloc(size, (seed * 31 + index) % 251));
}

function expected(algorithm: string, parts: readonly Buffer[]): string {
  return parts.reduce((hash, part) => hash.update(part), createHash(algorithm)).digest("hex");
}

describe("DigestThread", () => {
  it("finish: gives each algorithm's digest of every byte, however the bytes were batched", async () => {
    const parts = chunks(1, 5, MiB + 7);
    const job = DIGEST_THREAD.start(["md5", "sha256"]);
    await job.update(parts.slice(0, 2));
    await job.update(parts.slice(2, 3));
    await job.update(parts.slice(3));
    await job.update([Buffer.from("tail")]);
    assert.deepEqual(await job.finish(), [expected("md5", [...parts, Buffer.from("tail")]), expected("sha256", [...parts, Buffer.from("tail")])]);
  });

  it("start: concurrent jobs keep their own bytes, a cancelled one included", async () => {
    const [a, b] = [chunks(2, 3, MiB), chunks(3, 3, MiB)];
    const jobA = DIGEST_THREAD.start(["md5"]);
    const jobB = DIGEST_THREAD.start(["md5"]);
    const dropped = DIGEST_THREAD.start(["md5"]);
    for (let index = 0; index < 3; index++) {
      await jobA.update([a[index]!]);
      await dropped.update([b[index]!]);
      await jobB.update([b[index]!]);
    }
    dropped.cancel();
    assert.deepEqual(await Promise.all([jobA.finish(), jobB.finish()]), [[expected("md5", a)], [expected("md5", b)]]);
  });

  it("update: asks its caller to wait once the thread is 8 MiB behind, and lets it go on when the thread catches up", async () => {
    const parts = chunks(4, 12, MiB);
    const job = DIGEST_THREAD.start(["md5"]);
    const waits = parts.map((part) => job.update([part]));
    assert.ok(waits.slice(0, 8).every((wait) => wait === undefined), "the first 8 MiB go without waiting");
    assert.ok(waits[8] instanceof Promise, "the ninth MiB waits");
    await waits.at(-1);
    assert.deepEqual(await job.finish(), [expected("md5", parts)]);
  });

  it("finish: a command with nothing else to do stays alive until its digests arrive, then exits", async () => {
    const script = `
      const { DIGEST_THREAD } = await import(${JSON.stringify(fileURLToPath(new URL("./digest-thread.js", import.meta.url)))});
      const job = DIGEST_THREAD.start(["md5"]);
      job.update([Buffer.alloc(4 * 1024 * 1024, 9)]);
      job.finish().then(([md5]) => console.log(md5));
    `;
    const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script], { timeout: 30_000 });
    assert.equal(stdout.trim(), expected("md5", [Buffer.alloc(4 * MiB, 9)]));
  });
});
