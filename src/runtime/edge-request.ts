import { EDGE_ENCODING_MODULE } from "./edge-encoding.js";

/** Module name of the module that gives a client's request what Cloudflare's edge would. */
export const EDGE_REQUEST_MODULE = "__outpost_edge.js";

/** The URL a client's request reaches the worker with: `protocol://host` with the path and query it was sent to; without `host`, the client's. */
export interface Upstream {
  protocol: "http" | "https";
  host?: string;
}

/**
 * What Cloudflare's edge adds to every request it passes to a worker, with the placeholder values
 * Cloudflare's documentation uses, since no edge saw the request. A worker that reads
 * `request.cf.country` or `request.cf.botManagement.score` runs as it would deployed.
 */
const LOCAL_CF = {
  asn: 395747,
  asOrganization: "Cloudflare",
  colo: "DFW",
  country: "US",
  city: "Austin",
  continent: "NA",
  region: "Texas",
  regionCode: "TX",
  metroCode: "635",
  postalCode: "78701",
  timezone: "America/Chicago",
  latitude: "30.27130",
  longitude: "-97.74260",
  clientTcpRtt: 0,
  clientAcceptEncoding: "gzip, deflate, br",
  httpProtocol: "HTTP/1.1",
  requestPriority: "",
  tlsVersion: "TLSv1.3",
  tlsCipher: "AEAD-AES128-GCM-SHA256",
  tlsClientAuth: {
    certPresented: "0",
    certVerified: "NONE",
    certRevoked: "0",
    certIssuerDN: "",
    certSubjectDN: "",
    certIssuerDNRFC2253: "",
    certSubjectDNRFC2253: "",
    certIssuerDNLegacy: "",
    certSubjectDNLegacy: "",
    certSerial: "",
    certIssuerSerial: "",
    certSKI: "",
    certIssuerSKI: "",
    certFingerprintSHA1: "",
    certFingerprintSHA256: "",
    certNotBefore: "",
    certNotAfter: "",
  },
  botManagement: {
    score: 99,
    verifiedBot: false,
    corporateProxy: false,
    staticResource: false,
    ja3Hash: "",
    ja4: "",
    jsDetection: { passed: false },
    detectionIds: [],
  },
  edgeRequestKeepAliveStatus: 1,
};

/**
 * Source of the module whose `fromEdge(request)` gives a request `cf` and the headers Cloudflare's
 * edge sets (`CF-Connecting-IP` from workerd's `clientIp`, `CF-IPCountry` agreeing with
 * `cf.country`, and the `Accept-Encoding` the edge asks a worker for), whose
 * `toUpstream(request)` gives a client's request the URL of the route it would have come by
 * (`upstream`), and whose `toClient(clientAcceptEncoding(request), response)` encodes the response
 * to a client's request as the edge would for the client's own `Accept-Encoding`.
 */
export function edgeRequestSource(upstream: Upstream | undefined): string {
  return `import { encodeForClient } from ${JSON.stringify(`./${EDGE_ENCODING_MODULE}`)};

/** Frozen through, as workerd freezes the \`cf\` of a request it receives. */
const LOCAL_CF = deepFreeze(${JSON.stringify(LOCAL_CF)});
const CONNECTING_IP = "CF-Connecting-IP";
const IP_COUNTRY = "CF-IPCountry";
const ACCEPT_ENCODING = "Accept-Encoding";
/** What the edge asks a worker for, whatever the client accepts; it encodes the response for the client itself. */
const EDGE_ACCEPT_ENCODING = "br, gzip";
const UPSTREAM = ${JSON.stringify(upstream ?? null)};

/**
 * Gives a request from a client what Cloudflare's edge would: \`cf\` with \`LOCAL_CF\`'s fields
 * and the edge's headers. Each is made only when the worker reads it, so a worker that reads
 * neither pays for neither. A request a worker made keeps what it was made with.
 */
export function fromEdge(request) {
  const originalCf = workerdProperty(request, "cf");
  const originalHeaders = workerdProperty(request, "headers");
  let cf;
  let headers;
  Object.defineProperty(request, "cf", { configurable: true, get: () => (cf ??= withLocalCf(originalCf())) });
  Object.defineProperty(request, "headers", { configurable: true, get: () => (headers ??= withEdgeHeaders(originalHeaders(), originalCf())) });
  return request;
}

/** workerd's accessors, on \`Request.prototype\` from compatibility date 2022-01-31. */
const PROTOTYPE_GETTERS = {
  cf: Object.getOwnPropertyDescriptor(Request.prototype, "cf")?.get,
  headers: Object.getOwnPropertyDescriptor(Request.prototype, "headers")?.get,
};

/** Reads workerd's own property of a request, before a compatibility date that put it on each request as a value. */
function workerdProperty(request, name) {
  const getter = PROTOTYPE_GETTERS[name];
  if (getter !== undefined) return () => getter.call(request);
  const value = request[name];
  return () => value;
}

/** Whether workerd received the request from a client, which its \`cf\` says with workerd's \`clientIp\`; one a worker made has none. */
function fromClient(cf) {
  return typeof cf?.clientIp === "string";
}

function withLocalCf(cf) {
  return fromClient(cf) ? Object.freeze({ ...LOCAL_CF, ...cf }) : cf;
}

function deepFreeze(value) {
  if (typeof value === "object" && value !== null) Object.values(value).forEach(deepFreeze);
  return Object.freeze(value);
}

function withEdgeHeaders(original, cf) {
  if (!fromClient(cf)) return original;
  const headers = new Headers(original);
  if (!headers.has(CONNECTING_IP)) headers.set(CONNECTING_IP, addressOf(cf.clientIp));
  if (!headers.has(IP_COUNTRY)) headers.set(IP_COUNTRY, LOCAL_CF.country);
  headers.set(ACCEPT_ENCODING, EDGE_ACCEPT_ENCODING);
  return refusingChanges(headers);
}

/**
 * The \`Accept-Encoding\` a client sent \`request\` with, read before \`fromEdge\` replaces it;
 * \`undefined\` for none, or for a request no client sent. \`cf\` is read only for a request with
 * the header, as making it costs every request that pays for it.
 */
export function clientAcceptEncoding(request) {
  const acceptEncoding = workerdProperty(request, "headers")().get(ACCEPT_ENCODING);
  return acceptEncoding !== null && fromClient(workerdProperty(request, "cf")()) ? acceptEncoding : undefined;
}

/** Whether a client sent \`request\`, rather than a worker. */
export function isFromClient(request) {
  return fromClient(workerdProperty(request, "cf")());
}

/** The response as the edge sends it to the client that accepts \`acceptEncoding\` (see \`clientAcceptEncoding\`). */
export function toClient(acceptEncoding, response) {
  return acceptEncoding === undefined ? response : encodeForClient(acceptEncoding, response);
}

/**
 * Headers that refuse changes with workerd's own error, as the headers of a request workerd
 * receives do. They stay a real \`Headers\`, which workerd's own APIs need (R2's
 * \`httpMetadata: request.headers\` reads only a \`Headers\` as headers).
 */
function refusingChanges(headers) {
  for (const name of ["set", "append", "delete"]) Object.defineProperty(headers, name, { value: refuseChange });
  return headers;
}

function refuseChange() {
  throw new TypeError("Can't modify immutable headers.");
}

/** A client's request with \`UPSTREAM\`'s URL and \`Host\`; a request from another worker keeps its own. */
export function toUpstream(request) {
  if (UPSTREAM === null || !fromClient(request.cf)) return request;
  const url = new URL(request.url);
  const host = UPSTREAM.host ?? url.host;
  const upstream = new Request(UPSTREAM.protocol + "://" + host + url.pathname + url.search, request);
  upstream.headers.set("host", host);
  return upstream;
}

/** The address in workerd's \`clientIp\`, which is \`address:port\` or \`[address]:port\`. */
function addressOf(clientIp) {
  if (clientIp.startsWith("[")) return clientIp.slice(1, clientIp.indexOf("]"));
  const colon = clientIp.indexOf(":");
  return colon !== -1 && colon === clientIp.lastIndexOf(":") ? clientIp.slice(0, colon) : clientIp;
}
`;
}
