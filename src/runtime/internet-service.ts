import type { CapnpValue } from "./capnp-text.js";

/**
 * The service behind every Worker's global `fetch()` and `connect()`, which workerd looks up by
 * this name. workerd's implicit one reaches public addresses only; wrangler dev's, like this one,
 * also reaches this machine and private networks (and 240.0.0.0/4), so a Worker in development
 * can call the local servers it is developed against: an API, an error or trace collector, a
 * database it connects to itself. Its TLS trusts browsers' CAs and `trustedCertificates` (PEM).
 */
export function internetService(trustedCertificates: readonly string[]): CapnpValue {
  return {
    name: "internet",
    network: {
      allow: ["public", "private", "240.0.0.0/4"],
      tlsOptions: { trustBrowserCas: true, ...(trustedCertificates.length > 0 && { trustedCertificates: [...trustedCertificates] }) },
    },
  };
}
