/** How a connection to PostgreSQL is encrypted, as libpq's `sslmode` says: `require` does not check the certificate. */
export type TlsMode = "require" | "verify-ca" | "verify-full";

/** TLS to the database: the mode, and libpq's `sslrootcert`, the file of CAs to trust instead of Node's. */
export interface DatabaseTls {
  mode: TlsMode;
  rootCertificates?: string;
}

/** The database a Hyperdrive binding connects to, as workerd's binding takes it. */
export interface DatabaseOrigin {
  /** `host:port` */
  address: string;
  scheme: string;
  database: string;
  user: string;
  password: string;
  /** Absent for a connection without TLS. */
  tls?: DatabaseTls;
}

const DEFAULT_PORTS: Readonly<Record<string, string>> = { "postgres:": "5432", "postgresql:": "5432", "mysql:": "3306" };
/** TLS modes that still allow a connection without TLS, which is what Outpost makes for them. */
const PLAINTEXT_MODES = new Set(["disable", "disabled", "false", "0", "allow", "prefer", "preferred"]);
const POSTGRES_TLS_MODES = new Set<string>(["require", "verify-ca", "verify-full"] satisfies TlsMode[]);

/**
 * Reads a Hyperdrive connection string (`postgresql://user:password@host:port/database`). Returns
 * the origin, or what is wrong with it, in words that never repeat the string or its password.
 */
export function parseDatabaseOrigin(connectionString: string): DatabaseOrigin | { problems: string[] } {
  let url: URL;
  try {
    url = new URL(connectionString);
  } catch {
    return { problems: ["it is not a URL such as postgresql://user:password@host:5432/database"] };
  }
  const port = DEFAULT_PORTS[url.protocol];
  const problems: string[] = [];
  if (port === undefined) problems.push(`its scheme must be postgresql, postgres or mysql, not ${url.protocol.replace(/:$/, "")}`);
  if (url.hostname === "") problems.push("it names no host");
  if (url.pathname.length <= 1) problems.push("it names no database (the path, as in /postgres)");
  if (url.username === "") problems.push("it names no user");
  if (url.password === "") problems.push("it has no password");
  const tlsMode = [...url.searchParams].find(([name]) => ["sslmode", "ssl-mode", "ssl"].includes(name.toLowerCase()))?.[1]?.toLowerCase();
  const tls = tlsMode === undefined || PLAINTEXT_MODES.has(tlsMode) ? undefined : tlsMode;
  if (tls !== undefined && (url.protocol === "mysql:" || !POSTGRES_TLS_MODES.has(tls))) {
    problems.push(`it asks for TLS (${tls}), which Outpost speaks to PostgreSQL only, with sslmode require, verify-ca or verify-full`);
  }
  if (problems.length > 0) return { problems };
  return {
    address: `${url.hostname}:${url.port || port}`,
    scheme: url.protocol.replace(/:$/, ""),
    database: decodeURIComponent(url.pathname.slice(1)),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    ...(tls !== undefined && { tls: { mode: tls as TlsMode, ...(url.searchParams.has("sslrootcert") && { rootCertificates: url.searchParams.get("sslrootcert")! }) } }),
  };
}
