import { Worker } from "node:worker_threads";

/** A message to the digest thread: start a job, hash bytes for it, or end it. */
export type DigestRequest = { job: number; algorithms: readonly string[] } | { job: number; bytes: ArrayBuffer } | { job: number; end: true };
/** The digest thread's answers: bytes of a job it has hashed, and a job's hex digests once it ends. */
export type DigestReply = { job: number; hashed: number } | { job: number; digests: string[] };

/** Bytes a job may have sent and the thread not yet hashed before `update` asks its caller to wait. */
const MAX_UNHASHED_BYTES = 8 * 1024 * 1024;

/**
 * Hashes computed on a worker thread. MD5, which every R2 upload needs for its ETag, runs at about
 * 700 MiB/s on one core; done inline it holds the event loop for most of a large upload, while the
 * socket and the file writes wait. Bytes are copied into the thread, a batch at a time.
 */
export class DigestThread {
  #worker: Worker | undefined;
  #nextJob = 0;
  readonly #jobs = new Map<number, DigestJob>();

  /** Starts hashing a stream with `algorithms`; feed it with `update` and end it with `finish`. */
  start(algorithms: readonly string[]): DigestJob {
    const id = this.#nextJob++;
    const job = new DigestJob(
      (request) => this.#post({ job: id, ...request } as DigestRequest),
      () => this.#close(id),
    );
    this.#jobs.set(id, job);
    this.#post({ job: id, algorithms });
    // While a job is open the process waits for its digests; idle, the thread keeps nothing alive.
    this.#thread().ref();
    return job;
  }

  #post(request: DigestRequest): void {
    const transfer = "bytes" in request ? [request.bytes] : [];
    this.#thread().postMessage(request, transfer);
  }

  #close(id: number): void {
    this.#jobs.delete(id);
    if (this.#jobs.size === 0) this.#worker?.unref();
  }

  #thread(): Worker {
    if (this.#worker !== undefined) return this.#worker;
    // Hashing needs none of the flags Outpost's own process was started with (--import hooks, say).
    const worker = new Worker(new URL("./digest-worker.js", import.meta.url), { execArgv: [] });
    worker.on("message", (reply: DigestReply) => this.#jobs.get(reply.job)?.[RECEIVE](reply));
    const fail = (error: Error): void => {
      if (this.#worker === worker) this.#worker = undefined;
      for (const job of this.#jobs.values()) job[FAIL](error);
      this.#jobs.clear();
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`The digest thread exited with code ${code}.`)));
    worker.unref();
    this.#worker = worker;
    return worker;
  }
}

const RECEIVE = Symbol("receive");
const FAIL = Symbol("fail");

type JobRequest = { bytes: ArrayBuffer } | { end: true };

/** One stream's hashing on the digest thread. */
export class DigestJob {
  readonly #post: (request: JobRequest) => void;
  readonly #close: () => void;
  #unhashed = 0;
  #caughtUp: (() => void) | undefined;
  #result: { resolve: (digests: string[]) => void; reject: (error: Error) => void } | undefined;
  #failure: Error | undefined;

  constructor(post: (request: JobRequest) => void, close: () => void) {
    this.#post = post;
    this.#close = close;
  }

  /**
   * Hashes `chunks`, copied into one buffer the thread takes over. Returns a promise to wait for
   * when the thread has fallen behind, so a fast upload cannot queue its whole body in memory.
   */
  update(chunks: readonly Uint8Array[]): Promise<void> | undefined {
    if (this.#failure) return undefined;
    const copy = Buffer.concat(chunks);
    // Buffer.concat of more than 4 KiB owns its ArrayBuffer whole; a smaller one is a view into Node's shared pool.
    const bytes = copy.byteOffset === 0 && copy.byteLength === copy.buffer.byteLength ? copy.buffer : copy.buffer.slice(copy.byteOffset, copy.byteOffset + copy.byteLength);
    this.#unhashed += bytes.byteLength;
    this.#post({ bytes: bytes as ArrayBuffer });
    if (this.#unhashed <= MAX_UNHASHED_BYTES) return undefined;
    return new Promise((resolve) => (this.#caughtUp = resolve));
  }

  /** The hex digests of every byte given, in the order of the job's algorithms. */
  finish(): Promise<string[]> {
    if (this.#failure) return Promise.reject(this.#failure);
    const result = new Promise<string[]>((resolve, reject) => (this.#result = { resolve, reject }));
    this.#post({ end: true });
    return result;
  }

  /** Ends the job without wanting its digests, for a stream that failed. */
  cancel(): void {
    this.#close();
    if (this.#failure === undefined) this.#post({ end: true });
  }

  [RECEIVE](reply: DigestReply): void {
    if ("hashed" in reply) {
      this.#unhashed -= reply.hashed;
      if (this.#unhashed <= MAX_UNHASHED_BYTES) this.#resume();
      return;
    }
    this.#close();
    this.#result?.resolve(reply.digests);
  }

  [FAIL](error: Error): void {
    this.#failure = error;
    this.#resume();
    this.#result?.reject(error);
  }

  #resume(): void {
    const caughtUp = this.#caughtUp;
    this.#caughtUp = undefined;
    caughtUp?.();
  }
}

/** The process's digest thread, started on first use. */
export const DIGEST_THREAD = new DigestThread();
