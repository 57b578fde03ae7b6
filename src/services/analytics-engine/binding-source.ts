import { MAX_BLOB_BYTES, MAX_BLOBS, MAX_DOUBLES, MAX_INDEX_BYTES, MAX_INDEXES } from "./limits.js";
import { ISOLATE_BYTES_MODULE, type BindingApiModule } from "../../runtime/index.js";

/** Milliseconds a binding gathers data points before it sends them to Outpost together. */
const BATCH_WINDOW_MS = 10;

/**
 * `writeDataPoint({ indexes?, blobs?, doubles? })` checks the data point in the isolate, with
 * workerd's TypeErrors, and returns nothing. Data points written within a few milliseconds of each
 * other, by any request, go to Outpost in one batch, sent in the background and kept alive by
 * `waitUntil` as workerd's own binding keeps its writes past the response.
 */
function analyticsEngineBindingSource(): string {
  return `import { waitUntil } from "cloudflare:workers";
import { base64, bytesOf } from "./${ISOLATE_BYTES_MODULE}";

const PREFIX = "writeDataPoint(): ";

function fail(message) {
  throw new TypeError(PREFIX + message);
}

function listOf(field, value, max) {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) fail(field + " must be an array.");
  if (value.length > max) fail("Maximum of " + max + " " + field + " supported.");
  return value;
}

/** A blob or index as bytes, for its size, and as it is sent: a string as it is, bytes in base64. */
function field(value) {
  const bytes = bytesOf(value);
  if (bytes !== undefined) return { size: bytes.length, sent: { base64: base64(bytes) } };
  const text = String(value);
  return { size: utf8Length(text), sent: text };
}

/** Bytes of \`text\` in UTF-8, counted without encoding it. */
function utf8Length(text) {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 2;
        i++;
        continue;
      }
    }
    if (code >= 0x80) bytes += code >= 0x800 ? 2 : 1;
  }
  return bytes;
}

function dataPoint(event) {
  if (event !== undefined && (typeof event !== "object" || event === null)) fail("the data point must be an object.");
  const { indexes, blobs, doubles } = event ?? {};
  const point = { timestamp: Date.now(), index1: "", blobs: [], doubles: [] };
  const [index] = listOf("indexes", indexes, ${MAX_INDEXES});
  if (index !== undefined && index !== null) {
    const { size, sent } = field(index);
    if (size > ${MAX_INDEX_BYTES}) fail("Size of indexes[0] exceeds ${MAX_INDEX_BYTES} bytes).");
    point.index1 = sent;
  }
  let blobBytes = 0;
  for (const blob of listOf("blobs", blobs, ${MAX_BLOBS})) {
    if (blob === undefined || blob === null) {
      point.blobs.push("");
      continue;
    }
    const { size, sent } = field(blob);
    blobBytes += size;
    if (blobBytes > ${MAX_BLOB_BYTES}) fail("Cumulative size of blobs exceeds ${MAX_BLOB_BYTES} bytes).");
    point.blobs.push(sent);
  }
  point.doubles = listOf("doubles", doubles, ${MAX_DOUBLES}).map(Number);
  return point;
}

export function analyticsEngineBinding(name, fetcher) {
  let batch = null;
  async function send() {
    const points = batch;
    batch = null;
    const response = await fetcher.fetch("http://analytics-engine/write", { method: "POST", body: JSON.stringify(points) });
    if (!response.ok) console.error(name + ".writeDataPoint() was not stored: " + (await response.text()));
  }
  return {
    writeDataPoint(event) {
      const point = dataPoint(event);
      if (batch === null) {
        batch = [];
        waitUntil(scheduler.wait(${BATCH_WINDOW_MS}).then(send));
      }
      batch.push(point);
    },
  };
}
`;
}

/** The module that turns a worker's fetcher to the Analytics Engine service into the binding's API. */
export const analyticsEngineApi: BindingApiModule = { name: "__outpost_analytics_engine.js", source: analyticsEngineBindingSource, exportName: "analyticsEngineBinding" };
