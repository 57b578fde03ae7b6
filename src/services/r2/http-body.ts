import { once } from "node:events";
import type { Readable } from "node:stream";

/**
 * Reads the first `size` bytes of `stream` and puts back whatever came with them, so the rest
 * can be streamed on without buffering it.
 */
export async function readPrefix(stream: Readable, size: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let have = 0;
  while (have < size) {
    const chunk = stream.read() as Buffer | null;
    if (chunk !== null) {
      chunks.push(chunk);
      have += chunk.length;
    } else if (stream.readableEnded) {
      break;
    } else {
      await Promise.race([once(stream, "readable"), once(stream, "end")]);
    }
  }
  const all = Buffer.concat(chunks);
  if (all.length > size) stream.unshift(all.subarray(size));
  return all.subarray(0, size);
}
