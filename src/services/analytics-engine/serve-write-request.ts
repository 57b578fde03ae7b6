import type { IncomingMessage, ServerResponse } from "node:http";
import { json } from "node:stream/consumers";
import { isServiceCall } from "../../runtime/index.js";
import type { SentDataPoint } from "./data-point.js";
import type { DataPointStore } from "./data-point-store.js";
import { DATASET_HEADER } from "./plugin.js";

/** Stores a binding's `POST /write` of data points in the dataset its header names, answering once they are on disk. */
export async function serveWriteRequest(store: DataPointStore, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (!isServiceCall("Analytics Engine", "POST", "/write", request, response)) return;
  await store.append(String(request.headers[DATASET_HEADER]), (await json(request)) as SentDataPoint[]);
  response.writeHead(204).end();
}
