import assert from "node:assert/strict";
import path from "node:path";
import { describe, it } from "node:test";
import { useRunningCopy } from "../helpers/fixture-copy.js";
import type { OutpostDev } from "../helpers/outpost-cli.js";
import { abandonDownload, abandonUpload, residentBytes, streamDownload, streamUpload } from "./streaming.js";

const MiB = 1024 * 1024;
/** Growth of outpost's resident memory a 1 GiB transfer may cause. */
const MAX_GROWTH_BYTES = 200 * MiB;

/** Samples the peak resident memory of `pid` while `work` runs. */
async function peakDuring(pid: number, work: Promise<unknown>): Promise<number> {
  let peak = residentBytes(pid);
  const timer = setInterval(() => (peak = Math.max(peak, residentBytes(pid))), 50);
  try {
    await work;
  } finally {
    clearInterval(timer);
  }
  return Math.max(peak, residentBytes(pid));
}

describe("R2 binding: a 1 GiB object", () => {
  let dev: OutpostDev;
  let project: string;
  useRunningCopy("r2", (started, copy) => {
    dev = started;
    project = copy;
  });

  it("put/get: 1 GiB streams through the binding with outpost's memory flat", async (t) => {
    const baseline = residentBytes(dev.pid);
    const upload = streamUpload(new URL("/stream-put?key=gigabyte", dev.url).href, 1024, MiB);
    const uploadPeak = await peakDuring(dev.pid, upload.answer);
    const answer = await upload.answer;
    assert.equal(answer.status, 200, answer.body);
    const sent = await upload.done;
    assert.deepEqual(JSON.parse(answer.body), { size: 1024 * MiB, etag: sent });

    const download = streamDownload(new URL("/stream-get?key=gigabyte", dev.url).href);
    const downloadPeak = await peakDuring(dev.pid, download);
    const received = await download;
    assert.equal(received.bytes, 1024 * MiB);
    assert.equal(received.md5, sent);

    const growth = Math.max(uploadPeak, downloadPeak) - baseline;
    t.diagnostic(`outpost RSS: baseline ${(baseline / MiB).toFixed(0)} MiB, peak during upload ${(uploadPeak / MiB).toFixed(0)} MiB, during download ${(downloadPeak / MiB).toFixed(0)} MiB`);
    assert.ok(growth < MAX_GROWTH_BYTES, `outpost grew by ${(growth / MiB).toFixed(0)} MiB`);
  });

  it("get: concurrent downloads each stream their own bytes, one abandoned midway included, and no failure is logged for it", async () => {
    const logged = dev.output.length;
    // Same total size, different chunking: chunkOf's pattern restarts at each chunk, so the bytes differ.
    const shapes = [
      { key: "concurrent-a", chunks: 8, chunkSize: MiB },
      { key: "concurrent-b", chunks: 16, chunkSize: MiB / 2 },
      { key: "concurrent-c", chunks: 4, chunkSize: 2 * MiB },
    ];
    const sent = new Map<string, string>();
    for (const { key, chunks, chunkSize } of shapes) {
      const upload = streamUpload(new URL(`/stream-put?key=${key}`, dev.url).href, chunks, chunkSize);
      assert.equal((await upload.answer).status, 200);
      sent.set(key, await upload.done);
    }
    assert.equal(new Set(sent.values()).size, shapes.length);

    for (let round = 0; round < 3; round++) {
      const abandoned = abandonDownload(new URL("/stream-get?key=concurrent-a", dev.url).href);
      const received = await Promise.all(shapes.map(({ key }) => streamDownload(new URL(`/stream-get?key=${key}`, dev.url).href)));
      await abandoned;
      for (const [index, { key }] of shapes.entries()) {
        assert.equal(received[index]!.bytes, 8 * MiB, key);
        assert.equal(received[index]!.md5, sent.get(key), key);
      }
    }
    assert.doesNotMatch(dev.output.slice(logged), /service failed/);
  });

  it("put: an upload abandoned midway stores nothing, leaves no temp file, and outpost logs no failure of its own", async () => {
    const logged = dev.output.length;
    const tmp = path.join(project, ".outpost", "r2", "tmp");
    await abandonUpload(new URL("/stream-put?key=abandoned", dev.url).href, 8 * MiB, tmp);
    assert.equal((await dev.fetch("/stream-get?key=abandoned")).status, 404);
    assert.doesNotMatch(dev.output.slice(logged), /service failed/);
  });
});
