/**
 * What Cloudflare's edge adds to every request it passes to a worker, with the placeholder values
 * Cloudflare's documentation uses, since no edge saw the request. A worker that reads
 * `request.cf.country` or `request.cf.botManagement.score` runs as it would deployed.
 */
export const LOCAL_CF = {
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
 * Headers Cloudflare's edge sets on every request, `CF-Connecting-IP` from workerd's `cf.clientIp`
 * (`address:port`) and `CF-IPCountry` agreeing with `LOCAL_CF.country`.
 */
export const EDGE_HEADERS = { connectingIp: "CF-Connecting-IP", country: "CF-IPCountry" } as const;
