import type { IncomingMessage, ServerResponse } from "node:http";
import { json } from "node:stream/consumers";
import { isServiceCall } from "../../runtime/index.js";
import { STREAM_HEADER } from "./plugin.js";
import type { StreamFiles } from "./stream-files.js";

/** Keeps a binding's `POST /send` of records in the stream its header names, answering once they are on disk. */
export async function serveRecordsRequest(streams: StreamFiles, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (!isServiceCall("Pipelines", "POST", "/send", request, response)) return;
  await streams.append(decodeURIComponent(String(request.headers[STREAM_HEADER])), (await json(request)) as unknown[]);
  response.writeHead(204).end();
}
