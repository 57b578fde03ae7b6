import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const fixturesDir = path.join(repoRoot, "test/fixtures");
const bin = path.join(repoRoot, "bin/outpost.js");

/** Longest a test waits for output it expects. */
const OUTPUT_TIMEOUT_MS = 30_000;

/** How often output sent to a file is read back. */
const OUTPUT_FILE_POLL_MS = 20;

/** How much of each dev's output a failing test file shows. */
const FAILURE_REPORT_LINES = 200;

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `outpost` CLI to completion, with `input` as its stdin and `env` added to its environment when given. */
export function runOutpost(args: readonly string[], options: { cwd?: string; input?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: options.cwd ?? repoRoot, stdio: "pipe", env: { ...process.env, ...options.env } });
    child.stdin.end(options.input);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

/** The stdout of a run that must succeed. */
export async function succeeded(result: Promise<CliResult>): Promise<string> {
  const { code, stdout, stderr } = await result;
  assert.equal(code, 0, stderr);
  return stdout;
}

/** The stderr of a run that must fail with exit code 1. */
export async function failed(result: Promise<CliResult>): Promise<string> {
  const { code, stdout, stderr } = await result;
  assert.equal(code, 1, `expected exit 1; stdout: ${stdout}`);
  return stderr;
}

/**
 * A running `outpost dev`, started in its own process group so a test can kill the whole tree.
 * When a test file fails, the end of what each of its devs printed goes to stderr, which the test runner shows.
 */
/** `outpost dev` flags that put its control-plane and S3 servers on free ports. */
const freeServicePorts = ["--api-port", "0", "--s3-port", "0"] as const;
/** `outpost dev` flags that put each of its servers on a free port, so that a test never meets another `outpost dev` on the default ports. */
export const freePorts = ["--port", "0", ...freeServicePorts] as const;

/** `outputFile`: outpost's stdout and stderr go to this file, as with `outpost dev > file`, and are read back from it. */
export type DevOptions = { cwd?: string; env?: Record<string, string>; portFromConfig?: boolean; outputFile?: string };

/** Runs `outpost dev` with `args` for the length of `use`, then kills it. */
export async function withDev<T>(args: readonly string[], use: (dev: OutpostDev) => Promise<T>, options: DevOptions = {}): Promise<T> {
  const dev = await OutpostDev.start(args, options);
  try {
    return await use(dev);
  } finally {
    await dev.kill();
  }
}

export class OutpostDev {
  static readonly #started = new Set<OutpostDev>();

  static {
    process.on("exit", (code) => {
      if (code === 0) return;
      for (const dev of OutpostDev.#started) console.error(dev.#failureReport());
    });
  }

  readonly #child: ChildProcess;
  readonly #args: readonly string[];
  readonly #exited: Promise<number | null>;
  #output = "";
  #listeners = new Set<() => void>();
  url = "";
  /** The REST API's base, ending in `/client/v4`. */
  apiUrl = "";
  /** R2's S3-compatible API, `http://<ip>:<port>`. */
  s3Url = "";

  protected constructor(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv, { portFromConfig = false, outputFile }: DevOptions) {
    this.#args = args;
    OutpostDev.#started.add(this);
    const ports = portFromConfig ? freeServicePorts : freePorts;
    const output = outputFile === undefined ? "pipe" : openSync(outputFile, "a");
    this.#child = spawn(process.execPath, [bin, "dev", ...ports, ...args], {
      cwd,
      env,
      detached: true,
      stdio: ["ignore", output, output],
    });
    this.#exited = new Promise((resolve) => this.#child.on("exit", (code) => resolve(code)));
    if (typeof output === "number") {
      closeSync(output);
      const poll = setInterval(() => this.#collect(readFileSync(outputFile!, "utf8").slice(this.#output.length)), OUTPUT_FILE_POLL_MS);
      void this.#exited.then(() => clearInterval(poll));
    } else {
      this.#child.stdout!.on("data", (chunk: Buffer) => this.#collect(chunk.toString()));
      this.#child.stderr!.on("data", (chunk: Buffer) => this.#collect(chunk.toString()));
    }
  }

  #collect(text: string): void {
    if (text === "") return;
    this.#output += text;
    for (const listener of this.#listeners) listener();
  }

  /** Listens on any free port unless `portFromConfig`, which leaves the port to the project's `dev.port`. */
  static async start(args: readonly string[], options: DevOptions = {}): Promise<OutpostDev> {
    const dev = new OutpostDev(args, options.cwd ?? repoRoot, { ...process.env, ...options.env }, options);
    try {
      const ready = await dev.waitForOutput(/Ready on (https?:\/\/[^\s"]+)/);
      dev.url = ready[1]!;
      dev.apiUrl = (await dev.waitForOutput(/REST API on (http:\/\/[^\s"]+)/))[1]!;
      dev.s3Url = (await dev.waitForOutput(/S3 API on (http:\/\/[^\s"]+)/))[1]!;
    } catch (error) {
      await dev.kill();
      throw error;
    }
    return dev;
  }

  get pid(): number {
    return this.#child.pid!;
  }

  get output(): string {
    return this.#output;
  }

  #failureReport(): string {
    const { exitCode, signalCode } = this.#child;
    const ending = exitCode === null && signalCode === null ? "still running" : `exited with ${signalCode ?? `code ${exitCode}`}`;
    const lines = this.#output.trimEnd().split("\n");
    const shown = lines.slice(-FAILURE_REPORT_LINES);
    const skipped = lines.length - shown.length;
    return [
      `--- outpost dev ${this.#args.join(" ")} (pid ${this.pid}, ${ending})${skipped > 0 ? `, last ${shown.length} of ${lines.length} lines` : ""}:`,
      ...shown,
      "---",
    ].join("\n");
  }

  fetch(pathname: string, init?: RequestInit): Promise<Response> {
    return fetch(new URL(pathname, this.url), init);
  }

  /** Resolves with the match once the combined output matches `pattern` after `from` characters. */
  waitForOutput(pattern: RegExp, from = 0): Promise<RegExpExecArray> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(this.#output.slice(from));
        if (match) {
          done();
          resolve(match);
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`Timed out waiting for ${pattern} in outpost output:\n${this.#output}`));
      }, OUTPUT_TIMEOUT_MS);
      const exited = () => {
        done();
        reject(new Error(`outpost exited while waiting for ${pattern}:\n${this.#output}`));
      };
      const done = () => {
        clearTimeout(timer);
        this.#listeners.delete(check);
        this.#child.off("exit", exited);
      };
      this.#listeners.add(check);
      this.#child.once("exit", exited);
      check();
    });
  }

  /** Stops outpost as Ctrl-C would and resolves with its exit code. */
  async stop(): Promise<number | null> {
    this.#child.kill("SIGINT");
    return this.#exited;
  }

  /** Kills the outpost process alone, with SIGKILL, leaving what it started to fend for itself. */
  async killOutpostOnly(): Promise<void> {
    this.#child.kill("SIGKILL");
    await this.#exited;
  }

  /** Kills outpost and every process it started. */
  async kill(): Promise<void> {
    if (!this.#pidTakenByAnother()) {
      try {
        process.kill(-this.pid, "SIGKILL");
      } catch {
        // Already gone.
      }
    }
    await this.#exited;
  }

  /**
   * Linux hands out no pid that still names a process group, so once outpost has exited, a process
   * holding its pid means outpost's group is gone and a group of that number would be someone else's.
   */
  #pidTakenByAnother(): boolean {
    const exited = this.#child.exitCode !== null || this.#child.signalCode !== null;
    return exited && existsSync(`/proc/${this.pid}`);
  }
}
