/** Module name of the module that encodes a response for a client as Cloudflare's edge would. */
export const EDGE_ENCODING_MODULE = "__outpost_edge_encoding.js";

/**
 * The content types Cloudflare's edge compresses, from its content-compression documentation;
 * wrangler dev compresses the same ones.
 */
const COMPRESSED_TYPES = [
  "text/html",
  "text/richtext",
  "text/plain",
  "text/css",
  "text/x-script",
  "text/x-component",
  "text/x-java-source",
  "text/x-markdown",
  "application/javascript",
  "application/x-javascript",
  "text/javascript",
  "text/js",
  "image/x-icon",
  "image/vnd.microsoft.icon",
  "application/x-perl",
  "application/x-httpd-cgi",
  "text/xml",
  "application/xml",
  "application/rss+xml",
  "application/vnd.api+json",
  "application/x-protobuf",
  "application/json",
  "multipart/bag",
  "multipart/mixed",
  "application/xhtml+xml",
  "font/ttf",
  "font/otf",
  "font/x-woff",
  "image/svg+xml",
  "application/vnd.ms-fontobject",
  "application/ttf",
  "application/x-ttf",
  "application/otf",
  "application/x-otf",
  "application/truetype",
  "application/opentype",
  "application/x-opentype",
  "application/font-woff",
  "application/eot",
  "application/font",
  "application/font-sfnt",
  "application/wasm",
  "application/javascript-binast",
  "application/manifest+json",
  "application/ld+json",
  "application/graphql+json",
  "application/geo+json",
];

/** The compatibility date from which workerd encodes a body as `Content-Encoding: br` says. */
const BROTLI_DATE = "2024-04-29";

/**
 * Whether workerd brotli-encodes a worker's response body that says `Content-Encoding: br`; before
 * `brotli_content_encoding` it sends such a body as it is.
 */
export function encodesBrotli(compatibilityDate: string, compatibilityFlags: readonly string[]): boolean {
  if (compatibilityFlags.includes("no_brotli_content_encoding")) return false;
  return compatibilityFlags.includes("brotli_content_encoding") || compatibilityDate >= BROTLI_DATE;
}

/**
 * Source of the module whose `encodeForClient(acceptEncoding, response)` gives a response the
 * `Content-Encoding` Cloudflare's edge would send it to a client with, by the client's
 * `Accept-Encoding`: the first of `gzip` and `br` it accepts, by weight, for a body of a type the
 * edge compresses. workerd then encodes the body as the header says. `br` counts only where the
 * worker's compatibility date or flags let workerd encode it (`brotli`).
 */
export function edgeEncodingSource(options: { brotli: boolean }): string {
  return `const COMPRESSED_TYPES = new Set(${JSON.stringify(COMPRESSED_TYPES)});
const CODINGS = new Set(${JSON.stringify(options.brotli ? ["gzip", "br"] : ["gzip"])});
const ACCEPT_ELEMENT = /^(?<coding>[a-z]+|\\*)(?:\\s*;\\s*q=(?<weight>\\d+(?:\\.\\d+)?))?$/;

export function encodeForClient(acceptEncoding, response) {
  if (response.status === 101 || response.webSocket) return response;
  const accepted = acceptedCodings(acceptEncoding);
  if (accepted.length === 0) return response;
  const encoding = response.headers.get("Content-Encoding");
  if (!isCompressed(response.headers.get("Content-Type")) || (encoding !== null && encoding !== "gzip" && encoding !== "br")) return response;
  let chosen;
  let identityRefused = false;
  for (const { coding, weight } of accepted) {
    if (weight === 0) {
      if (coding === "identity" || coding === "*") identityRefused = true;
    } else if (CODINGS.has(coding)) {
      chosen = coding;
      break;
    } else if (coding === "identity") {
      break;
    }
  }
  if (chosen === undefined) {
    if (identityRefused) return new Response("Unsupported Media Type", { status: 415, headers: { "Accept-Encoding": "br, gzip" } });
    return encoding === null ? response : withEncoding(response, null);
  }
  return encoding === chosen ? response : withEncoding(response, chosen);
}

/** The codings of an \`Accept-Encoding\`, heaviest first; elements that do not parse are left out. */
function acceptedCodings(header) {
  const codings = [];
  for (const element of header.split(",")) {
    const match = ACCEPT_ELEMENT.exec(element.trim());
    if (match !== null) codings.push({ coding: match.groups.coding, weight: match.groups.weight === undefined ? 1 : parseFloat(match.groups.weight) });
  }
  return codings.sort((a, b) => b.weight - a.weight);
}

/** A response without a \`Content-Type\` is compressed too, as the edge compresses it. */
function isCompressed(contentType) {
  return contentType === null || COMPRESSED_TYPES.has(contentType.split(";")[0].trim().toLowerCase());
}

function withEncoding(response, encoding) {
  const encoded = new Response(response.body, response);
  if (encoding === null) encoded.headers.delete("Content-Encoding");
  else encoded.headers.set("Content-Encoding", encoding);
  return encoded;
}
`;
}
