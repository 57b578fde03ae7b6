/**
 * R2's S3 API through `outpost dev`: PutObject and GetObject throughput of 64 MiB objects with
 * `@aws-sdk/client-s3`, beside the machine's own sequential write+fsync and read throughput
 * measured in the same run (the physical limit), each as the median of several rounds.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { cp, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { GetObjectCommand, ListBucketsCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { diskThroughput } from "./disk-throughput.js";
import { median } from "./load.js";

// The SDK warns that its releases from 2027 on will need Node 22; the locked one runs on 20.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const MiB = 1024 * 1024;
const OBJECT_MIB = 64;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const S3_PORT = 18841;
const TARGET = 0.5;
/** GetObjects of each round's object: a single 64 MiB read is short enough for a hiccup of this shared machine to halve it. */
const GETS_PER_ROUND = 3;

async function main(): Promise<void> {
  const project = await mkdtemp(path.join(os.tmpdir(), "outpost-bench-r2-s3-"));
  let dev: ChildProcess | undefined;
  try {
    await cp(path.join(repoRoot, "bench/projects/r2-s3"), project, { recursive: true });
    const credentials = JSON.parse(await outpost(["r2", "keys", "create", "--json", "-c", project])) as { accessKeyId: string; secretAccessKey: string };
    dev = spawn(process.execPath, [path.join(repoRoot, "bin/outpost.js"), "dev", project, "--port", "0", "--api-port", "0", "--s3-port", String(S3_PORT), "--no-watch"], {
      stdio: "ignore",
    });
    const client = new S3Client({ endpoint: `http://127.0.0.1:${S3_PORT}`, region: "auto", forcePathStyle: true, credentials });
    await waitForS3(client);

    const disk = { write: [] as number[], read: [] as number[] };
    const s3 = { put: [] as number[], get: [] as number[] };
    const chunk = Buffer.alloc(MiB, 42);
    for (let round = 0; round < ROUNDS; round++) {
      const measured = await diskThroughput(path.join(project, ".outpost"), OBJECT_MIB * MiB);
      disk.write.push(measured.writeMiBps);
      disk.read.push(measured.readMiBps);
      const Key = `object-${round}`;
      s3.put.push(
        await mibPerSecond(() =>
          client.send(new PutObjectCommand({ Bucket: "bench", Key, Body: Readable.from(repeat(chunk, OBJECT_MIB)), ContentLength: OBJECT_MIB * MiB })),
        ),
      );
      for (let get = 0; get < GETS_PER_ROUND; get++) {
        s3.get.push(
          await mibPerSecond(async () => {
            const { Body } = await client.send(new GetObjectCommand({ Bucket: "bench", Key }));
            for await (const _ of Body as Readable);
          }),
        );
      }
    }
    client.destroy();
    const line = (label: string, rate: number, limit?: number) =>
      `  ${label.padEnd(26)} ${rate.toFixed(0).padStart(6)} MiB/s${limit === undefined ? "" : `  ratio ${(rate / limit).toFixed(2)}`}`;
    const [write, read, put, get] = [disk.write, disk.read, s3.put, s3.get].map(median) as [number, number, number, number];
    console.log(`R2 S3 API, ${OBJECT_MIB} MiB objects with @aws-sdk/client-s3 (median of ${ROUNDS} rounds, ${GETS_PER_ROUND} gets a round)`);
    console.log(line("disk write + fsync", write));
    console.log(line("S3 PutObject (streamed)", put, write));
    console.log(line("disk read", read));
    console.log(line("S3 GetObject", get, read));
    console.log(`  (target: ratio ≥ ${TARGET})`);
  } finally {
    dev?.kill("SIGKILL");
    await rm(project, { recursive: true, force: true });
  }
}

function* repeat(chunk: Buffer, times: number): Generator<Buffer> {
  for (let i = 0; i < times; i++) yield chunk;
}

async function mibPerSecond(transfer: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await transfer();
  return OBJECT_MIB / ((performance.now() - started) / 1000);
}

function outpost(args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repoRoot, "bin/outpost.js"), ...args], { stdio: ["ignore", "pipe", "inherit"] });
    let stdout = "";
    child.stdout.on("data", (data: Buffer) => (stdout += data));
    child.on("exit", (code) => (code === 0 ? resolve(stdout) : reject(new Error(`outpost ${args.join(" ")} exited ${code}`))));
  });
}

async function waitForS3(client: S3Client): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await client.send(new ListBucketsCommand({}));
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

await main();
