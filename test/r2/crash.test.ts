import assert from "node:assert/strict";
import { readdir, rm } from "node:fs/promises";
import path from "node:path";
import { describe, it } from "node:test";
import Database from "better-sqlite3";
import { copyFixture } from "../helpers/fixture-copy.js";
import { OutpostDev } from "../helpers/outpost-cli.js";
import { until } from "../helpers/until.js";
import { r2Call, r2Object } from "./r2-client.js";
import { partialUpload, streamDownload, streamUpload } from "./streaming.js";

const KiB = 1024;

/** Blob files on disk that no object or part refers to, and files left in the temp folder. */
async function strayFiles(project: string): Promise<{ orphans: string[]; temps: string[] }> {
  const dir = path.join(project, ".outpost", "r2");
  const db = new Database(path.join(dir, "r2.sqlite"), { readonly: true });
  const referenced = new Set<string>();
  for (const row of db.prepare("SELECT segments FROM r2_objects").all() as { segments: string }[]) {
    for (const [id] of JSON.parse(row.segments) as [string, number][]) referenced.add(id);
  }
  for (const row of db.prepare("SELECT blob_id FROM r2_parts").all() as { blob_id: string }[]) referenced.add(row.blob_id);
  db.close();
  const orphans = (await readdir(path.join(dir, "blobs"))).filter((name) => !referenced.has(name));
  return { orphans, temps: await readdir(path.join(dir, "tmp")) };
}

describe("R2 binding: kill -9", () => {
  it("crash: every acknowledged put survives SIGKILL of the whole tree mid-load, with its bytes", async () => {
    const project = await copyFixture("r2");
    let dev = await OutpostDev.start([project]);
    try {
      const acknowledged = new Map<string, string>();
      let stop = false;
      const writer = async (worker: number): Promise<void> => {
        for (let n = 0; !stop; n++) {
          const key = `w${worker}-${n}`;
          const upload = streamUpload(new URL(`/stream-put?key=${key}`, dev.url).href, 1 + ((worker + n) % 8), 64 * KiB);
          const answer = await upload.answer.catch(() => undefined);
          if (answer?.status === 200) acknowledged.set(key, await upload.done);
        }
      };
      const writers = Array.from({ length: 6 }, (_, worker) => writer(worker));
      await until(() => acknowledged.size >= 40, "40 acknowledged uploads", { timeoutMs: 60_000, intervalMs: 10 });
      await dev.kill();
      stop = true;
      await Promise.all(writers);

      dev = await OutpostDev.start([project]);
      for (const [key, md5] of acknowledged) {
        const got = await streamDownload(new URL(`/stream-get?key=${key}`, dev.url).href);
        assert.equal(got.status, 200, key);
        assert.equal(got.md5, md5, key);
      }
      assert.deepEqual(await strayFiles(project), { orphans: [], temps: [] });
    } finally {
      await dev.kill();
      await rm(project, { recursive: true, force: true });
    }
  });

  it("crash: a put or a multipart part cut off by SIGKILL leaves no object and no stray files", async () => {
    const project = await copyFixture("r2");
    let dev = await OutpostDev.start([project]);
    try {
      const { uploadId } = (await r2Call(dev, "createMultipartUpload", ["big"])).result as { uploadId: string };
      const first = await r2Call(dev, "upload.uploadPart", [{ key: "big", uploadId }, 1, "first part"]);
      assert.equal(first.error, undefined);
      // Bodies that promise far more bytes than they send, so both writes are under way at the kill.
      partialUpload(new URL(`/stream-part?key=big&uploadId=${uploadId}&part=2`, dev.url).href, 8 * 1024 * KiB);
      partialUpload(new URL("/stream-put?key=half-written", dev.url).href, 8 * 1024 * KiB);
      const tmp = path.join(project, ".outpost", "r2", "tmp");
      await until(async () => (await readdir(tmp)).length === 2, "both writes' temp files to appear");
      await dev.kill();

      dev = await OutpostDev.start([project]);
      assert.equal((await r2Call(dev, "head", ["big"])).result, null);
      assert.equal((await r2Call(dev, "head", ["half-written"])).result, null);
      assert.deepEqual(((await r2Call(dev, "list", [])).result as { objects: unknown[] }).objects, []);
      assert.deepEqual(await strayFiles(project), { orphans: [], temps: [] });
      // The upload itself survives, with its acknowledged part.
      const completed = await r2Object(dev, "upload.complete", [{ key: "big", uploadId }, [first.result]]);
      assert.equal(completed.size, "first part".length);
    } finally {
      await dev.kill();
      await rm(project, { recursive: true, force: true });
    }
  });
});
