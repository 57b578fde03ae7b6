import { existsSync } from "node:fs";
import type { HyperdriveBinding } from "../../config/index.js";
import type { BindingDefinition } from "../../runtime/index.js";
import { parseDatabaseOrigin, type DatabaseOrigin } from "./database-origin.js";
import { HyperdriveError } from "./errors.js";
import type { DatabaseTlsProxies } from "./tls-proxies.js";

/** Where wrangler looks first for a binding's local connection string, before `localConnectionString`. */
const CONNECTION_STRING_VARIABLES = ["CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_", "WRANGLER_HYPERDRIVE_LOCAL_CONNECTION_STRING_"];

/**
 * workerd's Hyperdrive binding for each `hyperdrive` entry, to the database its local connection
 * string names: from the environment variable wrangler reads, else `localConnectionString`. A
 * database reached over TLS is reached through one of `proxies`.
 */
export function hyperdriveBindings(
  bindings: readonly HyperdriveBinding[],
  environment: NodeJS.ProcessEnv,
  configName: string,
  proxies: DatabaseTlsProxies,
): Promise<BindingDefinition[]> {
  return Promise.all(bindings.map(async ({ binding, localConnectionString }, index): Promise<BindingDefinition> => {
    const field = `\`hyperdrive[${index}].localConnectionString\` in ${configName}`;
    const variable = CONNECTION_STRING_VARIABLES.map((prefix) => prefix + binding).find((name) => environment[name] !== undefined);
    const connectionString = variable === undefined ? localConnectionString : environment[variable];
    if (connectionString === undefined) {
      throw new HyperdriveError(
        "ERR_HYPERDRIVE_NO_CONNECTION_STRING",
        `The Hyperdrive binding ${binding} needs a database to connect to. Set ${CONNECTION_STRING_VARIABLES[0]}${binding} ` +
          `or ${field} to its connection string, such as postgresql://user:password@localhost:5432/database.`,
      );
    }
    const origin = parseDatabaseOrigin(connectionString);
    const problems = "problems" in origin ? origin.problems : missingFiles(origin);
    if ("problems" in origin || problems.length > 0) {
      throw new HyperdriveError(
        "ERR_HYPERDRIVE_CONNECTION_STRING_INVALID",
        `The connection string of the Hyperdrive binding ${binding} (${variable ?? field}) cannot be used: ${problems.join("; ")}.`,
      );
    }
    const { tls, ...plaintext } = origin;
    const address = tls === undefined ? origin.address : await proxies.addressFor(origin.address, tls);
    return { name: binding, kind: "hyperdrive", ...plaintext, address };
  }));
}

/** What a valid connection string names on this machine that is not there: its `sslrootcert` file. */
function missingFiles(origin: DatabaseOrigin): string[] {
  const file = origin.tls?.rootCertificates;
  return file === undefined || existsSync(file) ? [] : [`its sslrootcert file ${file} does not exist`];
}
