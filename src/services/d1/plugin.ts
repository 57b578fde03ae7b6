import type { D1DatabaseBinding } from "../../config/index.js";
import type { BindingDefinition } from "../../runtime/index.js";
import { D1_DATABASE_HEADER } from "./d1-service.js";

/** The service name D1 requests carry to Outpost's service host. */
export const D1_SERVICE = "d1";

/** A D1 binding per configured database, its fetcher aimed at Outpost's D1 service. */
export function d1Bindings(databases: readonly D1DatabaseBinding[]): BindingDefinition[] {
  return databases.map((database) => ({
    name: database.binding,
    kind: "d1Database",
    platform: { service: D1_SERVICE, resource: database.id, headers: { [D1_DATABASE_HEADER]: database.id } },
  }));
}
