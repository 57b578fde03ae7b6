import type { Readable, Writable } from "node:stream";
import { finished, pipeline } from "node:stream/promises";
import { FileRangeReader } from "./file-range-reader.js";

/**
 * `pipeline(source, destination)`, except that a `FileRangeReader`'s chunks go back to its pool
 * once the destination has written them, rather than to the garbage collector. A destination
 * that closes early (its reader hung up) ends the copy without an error.
 */
export async function pipeRecycling(source: Readable, destination: Writable): Promise<void> {
  try {
    if (source instanceof FileRangeReader) await copyRecycling(source, destination);
    else await pipeline(source, destination);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ERR_STREAM_PREMATURE_CLOSE") throw error;
  }
}

async function copyRecycling(source: FileRangeReader, destination: Writable): Promise<void> {
  try {
    for await (const chunk of source) {
      const written = destination.write(chunk, () => source.recycle(chunk as Uint8Array));
      if (!written) await drained(destination);
    }
    destination.end();
    await finished(destination);
  } catch (error) {
    source.destroy();
    destination.destroy(error as Error);
    throw error;
  }
}

/** Resolves once `destination` drains; rejects if it closes or fails first. */
function drained(destination: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    if (destination.destroyed) return reject(prematureClose());
    const settle = (error?: Error): void => {
      destination.off("drain", onDrain).off("close", onClose).off("error", settle);
      if (error === undefined) resolve();
      else reject(error);
    };
    const onDrain = (): void => settle();
    const onClose = (): void => settle(prematureClose());
    destination.on("drain", onDrain).on("close", onClose).on("error", settle);
  });
}

/** The error Node's own stream utilities give for a stream that closed before it finished. */
function prematureClose(): NodeJS.ErrnoException {
  return Object.assign(new Error("Premature close"), { code: "ERR_STREAM_PREMATURE_CLOSE" });
}
