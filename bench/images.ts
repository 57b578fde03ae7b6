/**
 * Images: resizes/s of a 1024×768 JPEG to 256 pixels wide as WebP, through a worker's Images binding
 * on `outpost dev`, beside the same work done by sharp in a plain Node.js HTTP server, the library a
 * user would otherwise pick (and the one Outpost's Images service uses). The baseline gets a fresh copy
 * of the photo per request, as an upload would be, so that libvips' cache cannot answer for it.
 */
import type { ChildProcess } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import sharp from "sharp";
import { CONNECTIONS, median, medianRatio, pairedRounds, waitForResponse } from "./load.js";
import { spawnOutpostDev } from "./servers.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SHARP_PORT = 18795;
const OUTPOST_PORT = 18796;

async function main(): Promise<void> {
  const work = await mkdtemp(path.join(os.tmpdir(), "outpost-bench-images-"));
  const project = path.join(work, "project");
  await cp(path.join(repoRoot, "bench/projects/images"), project, { recursive: true });
  const photoFile = path.join(project, "src/photo.jpg");
  await writeFile(photoFile, await sharp({ create: { width: 1024, height: 768, channels: 3, background: "#808080", noise: { type: "gaussian", mean: 128, sigma: 40 } } }).jpeg().toBuffer());
  const photo = await readFile(photoFile);
  const processes: ChildProcess[] = [];
  const server = createServer((_request, response) => {
    sharp(Buffer.from(photo))
      .resize({ width: 256 })
      .webp()
      .toBuffer()
      .then((bytes) => response.writeHead(200, { "content-type": "image/webp" }).end(bytes));
  });
  try {
    await new Promise<void>((resolve) => server.listen(SHARP_PORT, "127.0.0.1", resolve));
    processes.push(spawnOutpostDev(project, OUTPOST_PORT, { args: ["--log-level", "warn"] }));
    const urls = [SHARP_PORT, OUTPOST_PORT].map((port) => `http://127.0.0.1:${port}/`);
    for (const url of urls) await waitForResponse(url);

    const [sharpRates, outpostRates] = await pairedRounds(urls, ROUNDS, SECONDS);
    console.log(`Images, a 1024x768 JPEG resized to 256 wide as WebP per request, ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS}s per server (autocannon)`);
    console.log(`  sharp in a Node.js server         ${median(sharpRates!).toFixed(0).padStart(6)} req/s`);
    console.log(`  outpost dev, the Images binding   ${median(outpostRates!).toFixed(0).padStart(6)} req/s  ratio ${medianRatio(outpostRates!, sharpRates!).toFixed(3)}`);
  } finally {
    for (const child of processes) child.kill("SIGKILL");
    server.close();
    await rm(work, { recursive: true, force: true });
  }
}

await main();
