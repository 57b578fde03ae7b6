import { WebSocket } from "ws";
import { RECORD_MARK, RecordKind, SPACED_MARK } from "../runtime/index.js";

/** A `console.*` call as the inspector reports it, in `Runtime.consoleAPICalled`. */
interface ConsoleApiCalled {
  method: "Runtime.consoleAPICalled";
  params: { args: { type: string; value?: unknown }[] };
}

/**
 * How often, and how long apart, a debugger's connection to workerd's inspector is tried again when
 * the inspector closes it unanswered: it takes one debugger at a time, and may not yet have seen
 * that the one before has gone.
 */
const CONNECT_ATTEMPTS = 20;
const CONNECT_RETRY_MS = 50;

/**
 * Joins a debugger's WebSocket (`client`) to workerd's inspector at `url`: the debugger's messages
 * go to the inspector, those sent before it connects once it does, and the inspector's come back
 * as the user's code made them (see `asUsersConsole`). Either side closing closes the other.
 */
export function joinDebugger(client: WebSocket, url: string): void {
  let upstream: WebSocket;
  let answered = false;
  /** What the debugger sent before the inspector first answered, to send again to a new connection. */
  const unanswered: string[] = [];
  const connect = (attempt: number): void => {
    upstream = new WebSocket(url);
    upstream.on("open", () => {
      for (const message of unanswered) upstream.send(message);
    });
    upstream.on("message", (data) => {
      answered = true;
      unanswered.length = 0;
      const message = asUsersConsole(String(data));
      if (message !== undefined) client.send(message);
    });
    upstream.on("error", () => upstream.terminate());
    upstream.on("close", () => {
      if (!answered && client.readyState === WebSocket.OPEN && attempt < CONNECT_ATTEMPTS) setTimeout(() => connect(attempt + 1), CONNECT_RETRY_MS);
      else client.terminate();
    });
  };
  client.on("message", (data) => {
    const message = String(data);
    if (!answered) unanswered.push(message);
    if (upstream.readyState === WebSocket.OPEN) upstream.send(message);
  });
  client.on("close", () => upstream.terminate());
  client.on("error", () => client.terminate());
  connect(1);
}

/**
 * An inspector message as the user's code made it: a `console` call of the facade's with its mark
 * taken off, none for its request and exception records (which `WorkerdOutput` reads from workerd's
 * log), any other message as it is.
 */
function asUsersConsole(message: string): string | undefined {
  if (!message.includes('"Runtime.consoleAPICalled"')) return message;
  const event = JSON.parse(message) as ConsoleApiCalled;
  const [first, ...rest] = event.params.args;
  if (typeof first?.value !== "string" || !first.value.startsWith(RECORD_MARK)) return message;
  if (first.value[1] !== RecordKind.console) return undefined;
  const text = first.value.slice(first.value.indexOf("\t", 3) + 1);
  event.params.args = text === SPACED_MARK ? rest : [{ ...first, value: text }, ...rest];
  return JSON.stringify(event);
}
