import { createHash } from "node:crypto";
import { request, type ClientRequest } from "node:http";
import { readFileSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { until } from "../helpers/until.js";

/** Deterministic bytes: chunk `index` of a stream, `size` bytes long. */
export function chunkOf(index: number, size: number): Buffer {
  const chunk = Buffer.alloc(size);
  for (let offset = 0; offset < size; offset += 4) chunk.writeUInt32LE((index * 2654435761 + offset) >>> 0, offset);
  return chunk;
}

export interface StreamedUpload {
  /** Resolves with the response body once the worker answers. */
  answer: Promise<{ status: number; body: string }>;
  md5: string;
}

/**
 * PUTs `chunks` chunks of `chunkSize` bytes to `url` with a Content-Length, generating them as
 * the socket drains, so the test never holds the body either.
 */
export function streamUpload(url: string, chunks: number, chunkSize: number, method = "PUT"): StreamedUpload & { done: Promise<string> } {
  const hash = createHash("md5");
  let resolveDone!: (md5: string) => void;
  const done = new Promise<string>((resolve) => (resolveDone = resolve));
  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    const outgoing = request(url, { method, headers: { "content-length": chunks * chunkSize } }, (response) => {
      let body = "";
      response.on("data", (chunk: Buffer) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode!, body }));
    });
    outgoing.on("error", reject);
    let index = 0;
    const write = (): void => {
      while (index < chunks) {
        const chunk = chunkOf(index++, chunkSize);
        hash.update(chunk);
        if (!outgoing.write(chunk)) {
          outgoing.once("drain", write);
          return;
        }
      }
      outgoing.end();
      resolveDone(hash.digest("hex"));
    };
    write();
  });
  return { answer, done, md5: "" };
}

/** The MD5 and length of what a GET of `url` streams back. */
export function streamDownload(url: string): Promise<{ status: number; md5: string; bytes: number }> {
  return new Promise((resolve, reject) => {
    request(url, (response) => {
      const hash = createHash("md5");
      let bytes = 0;
      response.on("data", (chunk: Buffer) => {
        hash.update(chunk);
        bytes += chunk.length;
      });
      response.on("end", () => resolve({ status: response.statusCode!, md5: hash.digest("hex"), bytes }));
    })
      .on("error", reject)
      .end();
  });
}

/** Starts a GET of `url` and drops the connection once the first bytes arrive. */
export function abandonDownload(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, (response) => {
      response.once("data", () => {
        outgoing.destroy();
        resolve();
      });
    });
    outgoing.on("error", reject).end();
  });
}

/** Resident memory of a process, in bytes (Linux). */
export function residentBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return Number(match![1]) * 1024;
}

/** Starts a PUT whose Content-Length promises 64 MiB but sends only `sentBytes`, and leaves it open. */
export function partialUpload(url: string, sentBytes: number): ClientRequest {
  const outgoing = request(url, { method: "PUT", headers: { "content-length": 64 * 1024 * 1024 } });
  outgoing.on("error", () => undefined);
  outgoing.write(chunkOf(0, sentBytes));
  return outgoing;
}

/**
 * Starts a PUT of `url` declaring 64 MiB and sends `sentBytes` of it. Once the upload's temp file
 * appears in `tempDir` (the server is storing it), drops the connection, then waits until the
 * server has removed that file again.
 */
export async function abandonUpload(url: string, sentBytes: number, tempDir: string): Promise<void> {
  const tempFiles = async () => (await readdir(tempDir)).length;
  const outgoing = partialUpload(url, sentBytes);
  await until(async () => (await tempFiles()) > 0, "the upload's temp file to appear");
  outgoing.destroy();
  await until(async () => (await tempFiles()) === 0, "the temp file to be removed");
}
