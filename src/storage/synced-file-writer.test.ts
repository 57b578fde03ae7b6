import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { describe, it } from "node:test";
import { unhandledRejectionsDuring } from "../../test/helpers/unhandled-rejections.js";
import { SyncedFileWriter } from "./synced-file-writer.js";

const MiB = 1024 * 1024;

async function inTempDir(use: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "outpost-synced-file-"));
  try {
    await use(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe("SyncedFileWriter", () => {
  it("writes every byte of a stream longer than several early syncs, in order", () =>
    inTempDir(async (dir) => {
      const parts = Array.from({ length: 40 }, (_unused, index) => Buffer.alloc(MiB / 2 + index, index));
      const file = path.join(dir, "blob");
      await pipeline(Readable.from(parts), new SyncedFileWriter(file));
      assert.ok((await readFile(file)).equals(Buffer.concat(parts)));
    }));

  it("destroyed while a write past the early-sync mark is under way: no sync on the closing descriptor, no unhandled rejection", () =>
    inTempDir(async (dir) => {
      const unhandled = await unhandledRejectionsDuring(async () => {
        for (let attempt = 0; attempt < 5; attempt++) {
          const writer = new SyncedFileWriter(path.join(dir, `abandoned-${attempt}`));
          await new Promise<void>((resolve, reject) => writer.write(Buffer.alloc(1), (error) => (error ? reject(error) : resolve())));
          writer.write(Buffer.alloc(16 * MiB, attempt));
          writer.destroy();
          await new Promise((resolve) => writer.once("close", resolve));
        }
      }, 50);
      assert.deepEqual(unhandled, []);
    }));

  it("refuses to replace a file that exists, and leaves it as it was", () =>
    inTempDir(async (dir) => {
      const file = path.join(dir, "blob");
      await writeFile(file, "kept");
      await assert.rejects(pipeline(Readable.from([Buffer.from("new")]), new SyncedFileWriter(file)), { code: "EEXIST" });
      assert.equal(await readFile(file, "utf8"), "kept");
    }));

  it("closes its file when the source fails midway", () =>
    inTempDir(async (dir) => {
      const file = path.join(dir, "blob");
      const writer = new SyncedFileWriter(file);
      async function* failing(): AsyncGenerator<Buffer> {
        for (let index = 0; index < 20; index++) yield Buffer.alloc(MiB, 1);
        throw new Error("source failed");
      }
      await assert.rejects(pipeline(failing(), writer), /source failed/);
      await new Promise((resolve) => (writer.closed ? resolve(undefined) : writer.once("close", resolve)));
      assert.equal(writer.closed, true);
    }));
});
