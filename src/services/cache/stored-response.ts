/** A response as workerd hands it to the cache: its status, headers and whole body. */
export interface StoredResponse {
  status: number;
  headers: [string, string][];
  body: Buffer;
}

const HEAD_END = Buffer.from("\r\n\r\n");
const STATUS_LINE = /^HTTP\/1\.[01] (\d{3})/;
/** Framing headers of the serialised message; the stored body is whole, so they no longer apply. */
const FRAMING_HEADERS = new Set(["transfer-encoding", "content-length"]);

/**
 * Reads the HTTP/1.1 response workerd serialises into a `cache.put()`'s body. The body after the
 * head is the response's bytes as they are, even when the head says `Transfer-Encoding: chunked`.
 */
export function parseStoredResponse(message: Buffer): StoredResponse | undefined {
  const headEnd = message.indexOf(HEAD_END);
  if (headEnd === -1) return undefined;
  const [statusLine = "", ...lines] = message.subarray(0, headEnd).toString("latin1").split("\r\n");
  const status = STATUS_LINE.exec(statusLine)?.[1];
  if (status === undefined) return undefined;
  const headers = lines.flatMap((line): [string, string][] => {
    const colon = line.indexOf(":");
    const name = line.slice(0, colon).trim();
    return colon > 0 && !FRAMING_HEADERS.has(name.toLowerCase()) ? [[name, line.slice(colon + 1).trim()]] : [];
  });
  return { status: Number(status), headers, body: message.subarray(headEnd + HEAD_END.length) };
}
