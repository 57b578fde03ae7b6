import { STATUS_CODES } from "node:http";

/** wrangler's log levels, most verbose first (`log` shows more than `info`, as in wrangler). */
export const LOG_LEVELS = ["debug", "log", "info", "warn", "error", "none"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const LOG_FORMATS = ["pretty", "json"] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export type ConsoleLevel = "debug" | "info" | "log" | "warn" | "error";

export interface RequestRecord {
  worker: string;
  method: string;
  url: string;
  status: number;
  /** The response's reason phrase as the worker gave it; empty for none. */
  statusText: string;
  durationMs: number;
}

export interface LoggerOptions {
  /** @default "log" */
  level?: LogLevel;
  /** @default "pretty" */
  format?: LogFormat;
  /** @default process.stdout */
  out?: NodeJS.WritableStream;
  /** @default process.stderr */
  err?: NodeJS.WritableStream;
}

/** Writes Outpost's own messages, request lines and workers' console output, as text or JSON lines. */
export class Logger {
  readonly level: LogLevel;
  readonly format: LogFormat;
  readonly #threshold: number;
  readonly #out: NodeJS.WritableStream;
  readonly #err: NodeJS.WritableStream;

  constructor(options: LoggerOptions = {}) {
    this.level = options.level ?? "log";
    this.format = options.format ?? "pretty";
    this.#threshold = LOG_LEVELS.indexOf(this.level);
    this.#out = options.out ?? process.stdout;
    this.#err = options.err ?? process.stderr;
  }

  enabled(level: Exclude<LogLevel, "none">): boolean {
    return LOG_LEVELS.indexOf(level) >= this.#threshold;
  }

  debug(message: string): void {
    this.#message("debug", message);
  }

  info(message: string): void {
    this.#message("info", message);
  }

  warn(message: string): void {
    this.#message("warn", message);
  }

  error(message: string): void {
    this.#message("error", message);
  }

  /** A line a worker wrote with `console.*`; shown at every level but `none`, as wrangler does. */
  console(worker: string, level: ConsoleLevel, message: string): void {
    if (this.level === "none") return;
    const stream = level === "error" || level === "warn" ? this.#err : this.#out;
    if (this.format === "json") this.#json(stream, { level, source: worker, type: "console", message });
    else stream.write(`${prefixLines(`[${worker}] `, message)}\n`);
  }

  requests(records: readonly RequestRecord[]): void {
    if (!this.enabled("info")) return;
    let text = "";
    for (const record of records) {
      if (this.format === "json") {
        const { worker, ...fields } = record;
        text += `${JSON.stringify({ time: new Date().toISOString(), level: "info", source: worker, type: "request", ...fields })}\n`;
      } else {
        // As wrangler dev logs it: the worker's reason phrase (h3's `statusMessage`, say), else the status's usual one.
        const status = `${record.status} ${record.statusText.trim() || (STATUS_CODES[record.status] ?? "")}`.trimEnd();
        text += `[${record.worker}] ${record.method} ${new URL(record.url).pathname} ${status} (${record.durationMs}ms)\n`;
      }
    }
    this.#out.write(text);
  }

  /** An exception a worker threw, with its stack already mapped to the user's sources. */
  exception(worker: string, stack: string): void {
    if (this.level === "none") return;
    if (this.format === "json") this.#json(this.#err, { level: "error", source: worker, type: "exception", message: stack });
    else this.#err.write(`${prefixLines(`[${worker}] `, `✘ Uncaught ${stack}`)}\n`);
  }

  #message(level: Exclude<LogLevel, "none">, message: string): void {
    if (!this.enabled(level)) return;
    const stream = level === "error" || level === "warn" ? this.#err : this.#out;
    if (this.format === "json") this.#json(stream, { level, source: "outpost", type: "message", message });
    else stream.write(`${prefixLines(LABELS[level], message)}\n`);
  }

  #json(stream: NodeJS.WritableStream, fields: Record<string, unknown>): void {
    stream.write(`${JSON.stringify({ time: new Date().toISOString(), ...fields })}\n`);
  }
}

const LABELS: Record<Exclude<LogLevel, "none">, string> = {
  debug: "[outpost:debug] ",
  info: "[outpost] ",
  log: "[outpost] ",
  warn: "[outpost] ▲ ",
  error: "[outpost] ✘ ",
};

function prefixLines(prefix: string, message: string): string {
  return prefix + message.split("\n").join("\n  ");
}
