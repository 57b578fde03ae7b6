import path from "node:path";
import { loadProject, type KvNamespaceBinding } from "../config/index.js";
import { KvService, type KvNamespace } from "../services/kv/index.js";
import { KvCommandError } from "./kv-command-error.js";
import type { KvNamespaceOptions, KvStoreOptions } from "./kv-options.js";

export interface KvProject {
  configFile: string;
  kvNamespaces: KvNamespaceBinding[];
  /** The directory `outpost dev` keeps this project's data in. */
  persistTo: string;
}

/** Loads the project the options point at, printing its config warnings to stderr. */
export async function loadKvProject(options: KvStoreOptions): Promise<KvProject> {
  const cwd = process.cwd();
  const project = await loadProject({ configPath: options.config, cwd, env: options.env });
  for (const warning of project.warnings) process.stderr.write(`▲ ${warning}\n`);
  return {
    configFile: project.configFile,
    kvNamespaces: project.config.kv_namespaces,
    persistTo: options.persistTo === undefined ? path.join(project.projectDir, ".outpost") : path.resolve(cwd, options.persistTo),
  };
}

/** Runs `use` on the KV store in `persistTo`, closing it afterwards. */
export async function withKvService<T>(persistTo: string, use: (kv: KvService) => T | Promise<T>): Promise<T> {
  const kv = KvService.open(persistTo);
  try {
    return await use(kv);
  } finally {
    kv.close();
  }
}

/** Runs `use` on the namespace chosen by --binding or --namespace-id, in the project's store. */
export async function withKvNamespace<T>(options: KvNamespaceOptions, use: (namespace: KvNamespace) => T | Promise<T>): Promise<T> {
  if ((options.binding === undefined) === (options.namespaceId === undefined)) {
    throw new KvCommandError(
      "ERR_KV_NAMESPACE_UNSPECIFIED",
      options.binding === undefined
        ? "Choose a KV namespace with --binding <NAME> (a binding in the config's kv_namespaces) or --namespace-id <id>."
        : "Pass either --binding or --namespace-id, not both.",
    );
  }
  const project = await loadKvProject(options);
  const id = options.namespaceId ?? boundNamespaceId(project, options.binding!, options.env);
  return withKvService(project.persistTo, (kv) => use(kv.namespace(id)));
}

function boundNamespaceId(project: KvProject, binding: string, env: string | undefined): string {
  const match = project.kvNamespaces.find((namespace) => namespace.binding === binding);
  if (match !== undefined) return match.id;
  const where = `${project.configFile}${env === undefined ? "" : ` (env "${env}")`}`;
  const configured = project.kvNamespaces.map((namespace) => namespace.binding);
  throw new KvCommandError(
    "ERR_KV_BINDING_NOT_FOUND",
    configured.length === 0
      ? `--binding ${binding}: ${where} has no kv_namespaces. Add one there, or pass --namespace-id <id>.`
      : `--binding ${binding}: no KV namespace is bound to "${binding}" in ${where}. Configured bindings: ${configured.join(", ")}; pass one of them, or use --namespace-id <id>.`,
  );
}
