import { once } from "node:events";
import type { IncomingMessage } from "node:http";
import type { Readable } from "node:stream";
import { finished } from "node:stream/promises";

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

/** Reads the rest of a request's body and drops it; resolves once it has all arrived, or the client went away. */
export async function discardBody(incoming: IncomingMessage): Promise<void> {
  incoming.unpipe();
  incoming.resume();
  await finished(incoming).catch(() => undefined);
}
