import { Command } from "commander";
import { kvStoreSubcommand, type KvStoreOptions } from "./kv-options.js";
import { printJson } from "./kv-output.js";
import { loadKvProject, withKvService } from "./kv-project.js";

interface NamespaceRow {
  binding: string | null;
  id: string;
}

/** `outpost kv namespace list`. */
export function namespaceCommands(): Command {
  return new Command("namespace").description("List KV namespaces").addCommand(
    kvStoreSubcommand("list", "List the namespaces the config binds, then any other namespace that holds data").action(
      async (options: KvStoreOptions) => {
        const project = await loadKvProject(options);
        const stored = await withKvService(project.persistTo, (kv) => kv.namespaceIds());
        const bound: NamespaceRow[] = project.kvNamespaces.map(({ binding, id }) => ({ binding, id }));
        const unbound = stored.filter((id) => !bound.some((row) => row.id === id)).map((id) => ({ binding: null, id }));
        const rows = [...bound, ...unbound];
        if (options.json) printJson(rows);
        else process.stdout.write(formatTable(["Binding", "Namespace ID"], rows.map((row) => [row.binding ?? "(unbound)", row.id])));
      },
    ),
  );
}

function formatTable(header: string[], rows: string[][]): string {
  const lines = [header, ...rows];
  const widths = header.map((_, column) => Math.max(...lines.map((line) => line[column]!.length)));
  return lines.map((line) => line.map((cell, column) => cell.padEnd(widths[column]!)).join("  ").trimEnd() + "\n").join("");
}
