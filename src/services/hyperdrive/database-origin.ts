/** The database a Hyperdrive binding connects to, as workerd's binding takes it. */
export interface DatabaseOrigin {
  /** `host:port` */
  address: string;
  scheme: string;
  database: string;
  user: string;
  password: string;
}

const DEFAULT_PORTS: Readonly<Record<string, string>> = { "postgres:": "5432", "postgresql:": "5432", "mysql:": "3306" };
/** TLS modes that still allow a connection without TLS, which is all Outpost makes. */
const PLAINTEXT_MODES = new Set(["disable", "disabled", "false", "0", "allow", "prefer", "preferred"]);

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
  const tlsMode = [...url.searchParams].find(([name]) => ["sslmode", "ssl-mode", "ssl"].includes(name.toLowerCase()))?.[1];
  if (tlsMode !== undefined && !PLAINTEXT_MODES.has(tlsMode.toLowerCase())) {
    problems.push(`it asks for TLS (${tlsMode}), and Outpost connects to databases without it so far`);
  }
  if (problems.length > 0) return { problems };
  return {
    address: `${url.hostname}:${url.port || port}`,
    scheme: url.protocol.replace(/:$/, ""),
    database: decodeURIComponent(url.pathname.slice(1)),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  };
}
