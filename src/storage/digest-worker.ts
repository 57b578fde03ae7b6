/**
 * The body of the digest thread (digest-thread.ts): keeps one set of running hashes per job and
 * answers a job's `end` with its hex digests.
 */
import { createHash, type Hash } from "node:crypto";
import { parentPort } from "node:worker_threads";
import type { DigestReply, DigestRequest } from "./digest-thread.js";

const jobs = new Map<number, Hash[]>();
const port = parentPort!;

port.on("message", (request: DigestRequest) => {
  const hashes = jobs.get(request.job);
  if ("algorithms" in request) {
    jobs.set(request.job, request.algorithms.map((algorithm) => createHash(algorithm)));
  } else if (hashes === undefined) {
    // A job begun with a thread that has since died: its owner has been told, and wants nothing more.
  } else if ("bytes" in request) {
    const bytes = new Uint8Array(request.bytes);
    for (const hash of hashes) hash.update(bytes);
    const reply: DigestReply = { job: request.job, hashed: bytes.byteLength };
    port.postMessage(reply);
  } else {
    jobs.delete(request.job);
    const reply: DigestReply = { job: request.job, digests: hashes.map((hash) => hash.digest("hex")) };
    port.postMessage(reply);
  }
});
