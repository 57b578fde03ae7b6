/**
 * R2 through `outpost dev`: 64 MiB put and get through the binding beside the machine's own
 * sequential write+fsync and read of a file on the same disk (the physical limit), MD5 on one
 * core and a worker that only drains the upload (the other ceilings a put meets), and 1 KiB put
 * and get requests/s through a worker.
 */
import { createHash } from "node:crypto";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { Agent, request } from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { diskThroughput } from "./disk-throughput.js";
import { CONNECTIONS, median, requestsPerSecond, waitForResponse } from "./load.js";
import { spawnOutpostDev } from "./servers.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const MiB = 1024 * 1024;
const OBJECT_BYTES = 64 * MiB;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const PORT = 18820;
const TARGET = 0.5;
/** Gets of each round's object: one 64 MiB read takes a tenth of a second, short enough for a hiccup of this shared machine to halve it. */
const GETS_PER_ROUND = 3;

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

const rate = (seconds: number) => OBJECT_BYTES / MiB / seconds;

/** MD5 of `body` on one core: every put computes it for the etag, so it bounds put throughput. */
async function md5Limit(body: Buffer): Promise<number> {
  return rate(await timed(async () => createHash("md5").update(body).digest()));
}

/** Keep-alive connections, as a client moving many objects would hold. */
const agent = new Agent({ keepAlive: true });

/**
 * Sends `body` (if any) with node:http and counts the answer's bytes. fetch() would copy a
 * Buffer body before sending and read the answer through web streams, costing the client
 * as much CPU as the server spends, on a machine with two cores for client, workerd and Outpost.
 * For the same reason these transfers run before anything loads autocannon: with it in the heap,
 * each garbage collection of the socket's buffers takes longer, and 64 MiB gets ran at about 700
 * MiB/s instead of 1,300.
 */
function exchange(url: string, method: "GET" | "PUT", body?: Buffer): Promise<{ status: number; text: string; bytes: number }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method, agent, headers: body === undefined ? {} : { "content-length": body.length } }, (response) => {
      let bytes = 0;
      let text = "";
      response.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
        if (text.length < 1024) text += chunk.toString();
      });
      response.on("end", () => resolve({ status: response.statusCode!, text, bytes }));
    });
    outgoing.on("error", reject).end(body);
  });
}

function line(label: string, value: number, unit: string, limit?: number): string {
  const ratio = limit === undefined ? "" : `  ratio ${(value / limit).toFixed(2)}  (target ≥ ${TARGET})`;
  return `    ${label.padEnd(28)}${value.toFixed(0).padStart(7)} ${unit}${ratio}`;
}

const work = await mkdtemp(path.join(os.tmpdir(), "outpost-bench-r2-"));
const project = path.join(work, "project");
await cp(path.join(repoRoot, "bench/projects/r2"), project, { recursive: true });
const outpost = spawnOutpostDev(project, PORT);
try {
  const base = `http://127.0.0.1:${PORT}`;
  await waitForResponse(`${base}/seed`, "seeded");
  const body = Buffer.alloc(OBJECT_BYTES);
  for (let offset = 0; offset < body.length; offset += 4) body.writeUInt32LE((offset * 2654435761) >>> 0, offset);

  const disk = { write: [] as number[], read: [] as number[], md5: [] as number[] };
  const binding = { put: [] as number[], get: [] as number[], drain: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    const limit = await diskThroughput(work, OBJECT_BYTES);
    disk.write.push(limit.writeMiBps);
    disk.read.push(limit.readMiBps);
    disk.md5.push(await md5Limit(body));
    binding.put.push(rate(await timed(async () => {
      const { status } = await exchange(`${base}/put?key=big-${round}`, "PUT", body);
      if (status !== 200) throw new Error(`put answered ${status}`);
    })));
    binding.drain.push(rate(await timed(async () => {
      if ((await exchange(`${base}/drain`, "PUT", body)).text !== String(OBJECT_BYTES)) throw new Error("drain lost bytes");
    })));
    for (let get = 0; get < GETS_PER_ROUND; get++) {
      binding.get.push(rate(await timed(async () => {
        const { bytes } = await exchange(`${base}/get?key=big-${round}`, "GET");
        if (bytes !== OBJECT_BYTES) throw new Error(`get streamed ${bytes} bytes`);
      })));
    }
  }
  console.log(`R2, 64 MiB objects through the binding, median of ${ROUNDS} rounds (${GETS_PER_ROUND} gets a round)`);
  console.log(line("disk write+fsync (limit)", median(disk.write), "MiB/s"));
  console.log(line("MD5 on one core (CPU limit)", median(disk.md5), "MiB/s"));
  console.log(line("workerd alone (body drained)", median(binding.drain), "MiB/s"));
  console.log(line("put through the binding", median(binding.put), "MiB/s", median(disk.write)));
  console.log(line("disk read (limit)", median(disk.read), "MiB/s"));
  console.log(line("get through the binding", median(binding.get), "MiB/s", median(disk.read)));

  console.log(`R2, 1 KiB objects through a worker, ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS}s (autocannon)`);
  for (const [label, route] of [["put", "/small-put"], ["get", "/small-get"]] as const) {
    const rates: number[] = [];
    for (let round = 0; round < ROUNDS; round++) rates.push(await requestsPerSecond(`${base}${route}`, SECONDS));
    console.log(line(label, median(rates), "req/s"));
  }
} finally {
  agent.destroy();
  outpost.kill("SIGKILL");
  await rm(work, { recursive: true, force: true });
}
