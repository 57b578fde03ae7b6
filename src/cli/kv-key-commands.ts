import type { FileHandle } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import { Command } from "commander";
import { jsonText, wholeSeconds } from "./arguments.js";
import { kvCall } from "./kv-call.js";
import { KvCommandError } from "./kv-command-error.js";
import { kvNamespaceSubcommand, type KvNamespaceOptions } from "./kv-options.js";
import { printJson, printOutcome } from "./output.js";
import { withKvNamespace } from "./kv-project.js";
import { openInputFile } from "./read-input-file.js";

interface KeyPutOptions extends KvNamespaceOptions {
  path?: string;
  metadata?: string;
  ttl?: string;
  expiration?: string;
}

interface KeyListOptions extends KvNamespaceOptions {
  prefix?: string;
}

/** `outpost kv key put|get|delete|list`. */
export function keyCommands(): Command {
  return new Command("key")
    .description("Write, read, delete and list the keys of one KV namespace")
    .addCommand(putCommand())
    .addCommand(getCommand())
    .addCommand(deleteCommand())
    .addCommand(listCommand());
}

function putCommand(): Command {
  return kvNamespaceSubcommand("put", "Write one key")
    .argument("<key>", "the key")
    .argument("[value]", "the value, as UTF-8 text; or use --path")
    .option("--path <file>", "read the value from this file, bytes as they are, streamed")
    .option("--metadata <json>", "metadata to store with the key, as JSON", jsonText("--metadata"))
    .option("--ttl <seconds>", "expire the key this many seconds from now (at least 60)", wholeSeconds("--ttl"))
    .option("--expiration <seconds>", "expire the key at this time, in seconds since the UNIX epoch", wholeSeconds("--expiration"))
    .action(async (key: string, value: string | undefined, options: KeyPutOptions) => {
      const source = await valueSource(value, options.path);
      try {
        await withKvNamespace(options, async (namespace) => {
          const putOptions = { metadata: options.metadata, expirationTtl: options.ttl, expiration: options.expiration };
          const chunks = source instanceof Uint8Array ? source : source.createReadStream({ autoClose: false });
          await kvCall("PUT", () => namespace.put(key, chunks, putOptions));
          printOutcome(options, `Wrote key "${key}" to namespace ${namespace.id}.`);
        });
      } finally {
        if (!(source instanceof Uint8Array)) await source.close();
      }
    });
}

/** The value's bytes, or the open --path file to stream them from. */
async function valueSource(value: string | undefined, file: string | undefined): Promise<Uint8Array | FileHandle> {
  if (value !== undefined && file !== undefined) {
    throw new KvCommandError("ERR_KV_VALUE_SOURCE", "Give the value either as an argument or with --path <file>, not both.");
  }
  if (value !== undefined) return Buffer.from(value);
  if (file !== undefined) return openInputFile(file, "--path");
  throw new KvCommandError("ERR_KV_VALUE_SOURCE", "Give the value to write: `outpost kv key put <key> <value>`, or --path <file> to read it from a file.");
}

/**
 * Writes the value's bytes as they are; with --text, decoded as UTF-8 and ended with a newline, as
 * wrangler prints it; with --json, the value as text with its metadata and expiration.
 */
function getCommand(): Command {
  return kvNamespaceSubcommand("get", "Read one key's value")
    .argument("<key>", "the key")
    .option("--text", "decode the value as UTF-8 text and end it with a newline")
    .action(async (key: string, options: KvNamespaceOptions & { text?: boolean }) => {
      await withKvNamespace(options, async (namespace) => {
        const entry = await kvCall("GET", () => namespace.get(key));
        if (entry === null) throw new KvCommandError("ERR_KV_KEY_NOT_FOUND", `Key "${key}" not found in namespace ${namespace.id}.`);
        if (!options.json && !options.text) {
          if (entry.value instanceof Uint8Array) process.stdout.write(entry.value);
          else await pipeline(entry.value.stream(), process.stdout, { end: false });
          return;
        }
        const bytes = entry.value instanceof Uint8Array ? entry.value : await entry.value.bytes();
        if (!options.json) {
          process.stdout.write(`${new TextDecoder().decode(bytes)}\n`);
          return;
        }
        printJson({
          key,
          value: Buffer.from(bytes).toString("utf8"),
          metadata: entry.metadata === null ? null : (JSON.parse(entry.metadata) as unknown),
          expiration: entry.expiration === null ? null : Math.floor(entry.expiration / 1000),
        });
      });
    });
}

function deleteCommand(): Command {
  return kvNamespaceSubcommand("delete", "Delete one key")
    .argument("<key>", "the key")
    .action(async (key: string, options: KvNamespaceOptions) => {
      await withKvNamespace(options, async (namespace) => {
        await kvCall("DELETE", () => namespace.delete(key));
        printOutcome(options, `Deleted key "${key}" from namespace ${namespace.id}.`);
      });
    });
}

/** Prints every key as wrangler does, `[{name, expiration?, metadata?}]`: indented, or one line with --json. */
function listCommand(): Command {
  return kvNamespaceSubcommand("list", "List keys in order, as JSON, following every page")
    .option("--prefix <prefix>", "only keys that start with this")
    .action(async (options: KeyListOptions) => {
      await withKvNamespace(options, async (namespace) => {
        const keys = [];
        let cursor: string | undefined;
        do {
          const page = await kvCall("GET", () => namespace.list({ prefix: options.prefix, cursor }));
          keys.push(...page.keys);
          cursor = page.cursor;
        } while (cursor !== undefined);
        if (options.json) printJson(keys);
        else process.stdout.write(`${JSON.stringify(keys, null, 2)}\n`);
      });
    });
}
