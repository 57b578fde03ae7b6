import { S3Error } from "./s3-error.js";

/** The bucket and key a request names. */
export interface S3Address {
  bucket?: string;
  /** Absent for bucket-level requests (`/bucket` and `/bucket/`). */
  key?: string;
}

/**
 * Where a request points: virtual-host style when the Host header is `<bucket>.<one of
 * baseHosts>`, path style (`/<bucket>/<key>`) otherwise.
 */
export function resolveAddress(host: string | undefined, rawPath: string, baseHosts: ReadonlySet<string>): S3Address {
  const hostname = (host ?? "").replace(/:\d+$/, "").toLowerCase();
  const dot = hostname.indexOf(".");
  const path = decodePath(rawPath.slice(1));
  if (dot > 0 && baseHosts.has(hostname.slice(dot + 1))) {
    return { bucket: hostname.slice(0, dot), key: path === "" ? undefined : path };
  }
  const slash = path.indexOf("/");
  if (path === "") return {};
  if (slash < 0) return { bucket: path };
  const key = path.slice(slash + 1);
  return { bucket: path.slice(0, slash), key: key === "" ? undefined : key };
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    throw new S3Error("InvalidArgument", 400, `The request path "${path}" is not valid percent-encoded UTF-8.`);
  }
}
