import type { ConsoleLevel, Logger, RequestRecord } from "../logging/logger.js";
import { RECORD_MARK, RecordKind, SPACED_MARK } from "./log-protocol.js";
import type { StackMapper } from "./stack-mapper.js";

interface StructuredLine {
  level?: string;
  message?: string;
}

/** A message workerd itself wrote (not a worker's console), such as an error while starting. */
export interface RuntimeMessage {
  level: string;
  message: string;
}

/**
 * Reads one workerd process's stdout and stderr, structured-logging JSON lines, and turns them into
 * log output: the facade's records become request lines, and console lines and exceptions with
 * their stacks mapped.
 */
export class WorkerdOutput {
  readonly #logger: Logger;
  readonly #stacks: StackMapper;
  readonly #onRuntimeMessage: (message: RuntimeMessage) => void;
  /** Messages of exceptions already reported with a stack; workerd's own one-line report of each is dropped. */
  readonly #reported: string[] = [];

  constructor(logger: Logger, stacks: StackMapper, onRuntimeMessage: (message: RuntimeMessage) => void) {
    this.#logger = logger;
    this.#stacks = stacks;
    this.#onRuntimeMessage = onRuntimeMessage;
  }

  attach(stream: NodeJS.ReadableStream): void {
    let rest = "";
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) => {
      const lines = (rest + chunk).split("\n");
      rest = lines.pop()!;
      for (const line of lines) if (line !== "") this.#line(line);
    });
    stream.on("end", () => {
      if (rest !== "") this.#line(rest);
    });
  }

  #line(line: string): void {
    let parsed: StructuredLine;
    try {
      parsed = JSON.parse(line) as StructuredLine;
    } catch {
      parsed = { level: "info", message: line };
    }
    const message = parsed.message ?? "";
    const level = parsed.level ?? "info";
    if (message.startsWith(RECORD_MARK)) this.#record(level, message);
    else this.#runtimeMessage(level, message);
  }

  #record(level: string, message: string): void {
    const kind = message[1];
    const workerEnd = message.indexOf("\t", 3);
    const worker = message.slice(3, workerEnd);
    let body = message.slice(workerEnd + 1);
    if (kind === RecordKind.console) {
      if (body.startsWith(SPACED_MARK)) body = body.slice(2);
      // wrangler maps the stacks in `log` and `error` lines only; one logged at another level is mapped too.
      this.#logger.console(worker, consoleLevel(level), this.#stacks.mapFrames(body));
    } else if (kind === RecordKind.requests) {
      this.#logger.requests(body.split("\n").map((entry) => requestRecord(worker, entry)));
    } else if (kind === RecordKind.exception) {
      const stack = JSON.parse(body) as string;
      this.#reported.push(stack.split("\n", 1)[0]!);
      if (this.#reported.length > 16) this.#reported.shift();
      this.#logger.exception(worker, this.#stacks.mapFrames(stack));
    }
  }

  #runtimeMessage(level: string, message: string): void {
    const uncaught = /^Uncaught exception: .*?(?:jsg\.|: )(\w*Error: .*)$/s.exec(message);
    if (uncaught && this.#forget(uncaught[1]!)) return;
    this.#onRuntimeMessage({ level, message: this.#stacks.map(message) });
  }

  #forget(firstLine: string): boolean {
    const index = this.#reported.findIndex((reported) => firstLine.startsWith(reported) || reported.endsWith(firstLine));
    if (index === -1) return false;
    this.#reported.splice(index, 1);
    return true;
  }
}

function consoleLevel(level: string): ConsoleLevel {
  return level === "debug" || level === "info" || level === "warn" || level === "error" ? level : "log";
}

function requestRecord(worker: string, entry: string): RequestRecord {
  const [method = "", url = "", status = "0", duration = "0", statusText = ""] = entry.split("\t");
  return { worker, method, url, status: Number(status), statusText, durationMs: Number(duration) };
}
