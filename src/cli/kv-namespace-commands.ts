import { Command } from "commander";
import { withKvService } from "./kv-project.js";
import { alignColumns, printJson } from "./output.js";
import { loadCliProject } from "./project.js";
import { projectSubcommand, type ProjectOptions } from "./project-options.js";

interface NamespaceRow {
  binding: string | null;
  id: string;
  /** The binding's `preview_id`, which `--preview` binds instead of its `id`. */
  preview?: true;
}

/** `outpost kv namespace list`. */
export function namespaceCommands(): Command {
  return new Command("namespace").description("List KV namespaces").addCommand(
    projectSubcommand("list", "List the namespaces the config binds (and their preview_ids), then any other namespace that holds data").action(
      async (options: ProjectOptions) => {
        const project = await loadCliProject(options);
        const stored = await withKvService(project.persistTo, (kv) => kv.namespaceIds());
        const bound: NamespaceRow[] = project.config.kv_namespaces.flatMap(({ binding, id, preview_id }) => [
          { binding, id },
          ...(preview_id === undefined ? [] : [{ binding, id: preview_id, preview: true as const }]),
        ]);
        const unbound = stored.filter((id) => !bound.some((row) => row.id === id)).map((id) => ({ binding: null, id }));
        const rows = [...bound, ...unbound];
        if (options.json) printJson(rows);
        else process.stdout.write(alignColumns([["Binding", "Namespace ID"], ...rows.map((row) => [bindingLabel(row), row.id])]));
      },
    ),
  );
}

/** How the table names a row's binding. */
function bindingLabel(row: NamespaceRow): string {
  if (row.binding === null) return "(unbound)";
  return row.preview ? `${row.binding} (preview)` : row.binding;
}
