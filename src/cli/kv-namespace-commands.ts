import { Command } from "commander";
import { withKvService } from "./kv-project.js";
import { alignColumns, printJson } from "./output.js";
import { loadCliProject } from "./project.js";
import { projectSubcommand, type ProjectOptions } from "./project-options.js";

interface NamespaceRow {
  binding: string | null;
  id: string;
}

/** `outpost kv namespace list`. */
export function namespaceCommands(): Command {
  return new Command("namespace").description("List KV namespaces").addCommand(
    projectSubcommand("list", "List the namespaces the config binds, then any other namespace that holds data").action(
      async (options: ProjectOptions) => {
        const project = await loadCliProject(options);
        const stored = await withKvService(project.persistTo, (kv) => kv.namespaceIds());
        const bound: NamespaceRow[] = project.config.kv_namespaces.map(({ binding, id }) => ({ binding, id }));
        const unbound = stored.filter((id) => !bound.some((row) => row.id === id)).map((id) => ({ binding: null, id }));
        const rows = [...bound, ...unbound];
        if (options.json) printJson(rows);
        else process.stdout.write(alignColumns([["Binding", "Namespace ID"], ...rows.map((row) => [row.binding ?? "(unbound)", row.id])]));
      },
    ),
  );
}
