import { KvService, kvNamespaceId, type KvNamespace } from "../services/kv/index.js";
import { KvCommandError } from "./kv-command-error.js";
import type { KvNamespaceOptions } from "./kv-options.js";
import { loadCliProject, type CliProject } from "./project.js";

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
  if (options.preview && options.namespaceId !== undefined) {
    throw new KvCommandError(
      "ERR_KV_PREVIEW_WITHOUT_BINDING",
      "--preview picks a binding's preview_id, so it needs --binding <NAME>; with --namespace-id, give the preview namespace's id itself.",
    );
  }
  const project = await loadCliProject(options);
  const id = options.namespaceId ?? boundNamespaceId(project, options.binding!, options.preview ?? false);
  return withKvService(project.persistTo, (kv) => use(kv.namespace(id)));
}

function boundNamespaceId(project: CliProject, binding: string, preview: boolean): string {
  const namespaces = project.config.kv_namespaces;
  const match = namespaces.find((namespace) => namespace.binding === binding);
  if (match !== undefined) return kvNamespaceId(match, { preview, source: project.source });
  const configured = namespaces.map((namespace) => namespace.binding);
  throw new KvCommandError(
    "ERR_KV_BINDING_NOT_FOUND",
    configured.length === 0
      ? `--binding ${binding}: ${project.source} has no kv_namespaces. Add one there, or pass --namespace-id <id>.`
      : `--binding ${binding}: no KV namespace is bound to "${binding}" in ${project.source}. Configured bindings: ${configured.join(", ")}; pass one of them, or use --namespace-id <id>.`,
  );
}
