import { Command } from "commander";
import { runKvBatch } from "./kv-batch.js";
import { readBulkDeleteFile, readBulkPutFile } from "./kv-bulk-file.js";
import { kvNamespaceSubcommand, type KvNamespaceOptions } from "./kv-options.js";
import { printOutcome } from "./output.js";
import { withKvNamespace } from "./kv-project.js";
import { withWranglerFlags } from "./wrangler-data-flags.js";

/** `outpost kv bulk put|delete`, reading wrangler's bulk files. */
export function bulkCommands(): Command {
  return new Command("bulk")
    .description("Write or delete many keys of one KV namespace from a JSON file, all or none")
    .addCommand(
      kvNamespaceSubcommand("put", "Write the keys of a JSON file: [{key, value, base64?, expiration?, expiration_ttl?, metadata?}]")
        .argument("<file>", "the JSON file")
        .action(async (file: string, options: KvNamespaceOptions) => {
          const entries = await readBulkPutFile(file);
          await withKvNamespace(options, async (namespace) => {
            await runKvBatch(namespace, { operation: "PUT", file, items: entries, run: (target, entry) => target.put(entry.key, entry.value, entry.options) });
            printOutcome(options, `Wrote ${keyCount(entries.length)}.`, { count: entries.length });
          });
        }),
    )
    .addCommand(
      withWranglerFlags(kvNamespaceSubcommand("delete", 'Delete the keys of a JSON file: ["key", …] or [{"name": "key"}, …]'), ["force"])
        .argument("<file>", "the JSON file")
        .action(async (file: string, options: KvNamespaceOptions) => {
          const keys = await readBulkDeleteFile(file);
          await withKvNamespace(options, async (namespace) => {
            await runKvBatch(namespace, { operation: "DELETE", file, items: keys, run: (target, key) => target.delete(key) });
            printOutcome(options, `Deleted ${keyCount(keys.length)}.`, { count: keys.length });
          });
        }),
    );
}

function keyCount(count: number): string {
  return `${count} ${count === 1 ? "key" : "keys"}`;
}
