import { open, readFile, rm } from "node:fs/promises";
import path from "node:path";

const MiB = 1024 * 1024;

/**
 * The machine's own sequential throughput in `dir`, in MiB/s: writing `bytes` in 1 MiB writes
 * then fsync (what a durable object store must at least do), and reading the file back.
 */
export async function diskThroughput(dir: string, bytes: number): Promise<{ writeMiBps: number; readMiBps: number }> {
  const file = path.join(dir, "disk-throughput.bin");
  const chunk = Buffer.alloc(MiB, 7);
  const writeStarted = performance.now();
  const handle = await open(file, "w");
  for (let written = 0; written < bytes; written += MiB) await handle.write(chunk);
  await handle.sync();
  await handle.close();
  const writeSeconds = (performance.now() - writeStarted) / 1000;
  const readStarted = performance.now();
  await readFile(file);
  const readSeconds = (performance.now() - readStarted) / 1000;
  await rm(file);
  return { writeMiBps: bytes / MiB / writeSeconds, readMiBps: bytes / MiB / readSeconds };
}
