import type { Command } from "commander";
import { projectSubcommand, type ProjectOptions } from "./project-options.js";

/** The project options plus the choice of one namespace. */
export interface KvNamespaceOptions extends ProjectOptions {
  binding?: string;
  namespaceId?: string;
  preview?: boolean;
}

/** A `kv` subcommand that works on one namespace, chosen by binding or by id. */
export function kvNamespaceSubcommand(name: string, description: string): Command {
  return projectSubcommand(name, description)
    .option("--binding <NAME>", "the namespace bound to NAME in the config's kv_namespaces")
    .option("--namespace-id <id>", "the namespace with this id")
    .option("--preview", "with --binding: the binding's preview_id namespace instead of its id");
}
