import { open, type FileHandle } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Command, InvalidArgumentError } from "commander";
import { SSEC_KEY_BYTES, ssecKey, type SsecKey } from "../services/r2/index.js";
import { printJson, printOutcome } from "./output.js";
import { projectSubcommand, type ProjectOptions } from "./project-options.js";
import { R2CommandError } from "./r2-command-error.js";
import { withR2Store } from "./r2-project.js";
import { httpMetadataOf, withPutMetadataOptions, type R2PutMetadataOptions } from "./r2-put-options.js";
import { openInputFile } from "./read-input-file.js";
import { withWranglerFlags } from "./wrangler-data-flags.js";

interface TransferOptions extends ProjectOptions {
  file?: string;
  pipe?: boolean;
  ssecKey?: SsecKey;
}

type PutOptions = TransferOptions & R2PutMetadataOptions;

/** `--ssec-key`: an SSE-C key as the binding takes it, 64 hex digits. */
function parseSsecKey(text: string): SsecKey {
  if (!new RegExp(`^[0-9a-fA-F]{${SSEC_KEY_BYTES * 2}}$`).test(text)) {
    throw new InvalidArgumentError(`--ssec-key must be ${SSEC_KEY_BYTES * 2} hex digits (a ${SSEC_KEY_BYTES}-byte AES-256 key); got ${text.length} characters.`);
  }
  return ssecKey(Buffer.from(text, "hex"));
}

/** Splits `<bucket>/<key>` at the first slash; the key may hold more slashes. */
function objectPath(text: string): { bucket: string; key: string } {
  const slash = text.indexOf("/");
  if (slash <= 0) throw new R2CommandError("ERR_R2_OBJECT_PATH", `"${text}" is not an object path: write it as <bucket>/<key>, e.g. photos/2024/cat.jpg.`);
  return { bucket: text.slice(0, slash), key: text.slice(slash + 1) };
}

/** Refuses --file and --pipe together: each says where the bytes go or come from. */
function refuseFileAndPipe(options: TransferOptions, code: "ERR_R2_VALUE_SOURCE" | "ERR_R2_VALUE_DESTINATION"): void {
  if (options.file !== undefined && options.pipe) throw new R2CommandError(code, "Give either --file <path> or --pipe, not both.");
}

async function source(options: TransferOptions): Promise<Readable> {
  refuseFileAndPipe(options, "ERR_R2_VALUE_SOURCE");
  if (options.file !== undefined) return (await openInputFile(options.file, "--file")).createReadStream();
  if (options.pipe) return process.stdin;
  throw new R2CommandError("ERR_R2_VALUE_SOURCE", "Say where the object's bytes come from: --file <path>, or --pipe to read standard input.");
}

/**
 * The file `get` writes: --file, else one in the current directory named after the key's last
 * segment, as wrangler does. Opened before the object is read, so a bad path is refused by name.
 */
async function destination(key: string, file: string | undefined): Promise<{ path: string; handle: FileHandle }> {
  if (file === undefined) {
    const name = path.basename(key);
    if (name === "" || name === "." || name === "..") {
      throw new R2CommandError("ERR_R2_VALUE_DESTINATION", `The key "${key}" names no file to write to: pass --file <path>, or --pipe for standard output.`);
    }
  }
  const target = path.resolve(file ?? path.basename(key));
  try {
    return { path: target, handle: await open(target, "w") };
  } catch (error) {
    throw new R2CommandError("ERR_R2_VALUE_DESTINATION", `Cannot write ${file === undefined ? target : `--file ${file}`}: ${(error as Error).message}. Check the path.`, { cause: error });
  }
}

/** `outpost r2 object put|get|delete`. */
export function objectCommands(): Command {
  return new Command("object")
    .description("Write, read and delete objects")
    .addCommand(
      withPutMetadataOptions(
        withWranglerFlags(projectSubcommand("put", "Write an object from a file or standard input"), ["jurisdiction", "catalogForce"])
          .argument("<path>", "<bucket>/<key>")
          .option("-f, --file <file>", "read the object from this file")
          .option("-p, --pipe", "read the object from standard input"),
      )
        .option("--ssec-key <hex>", "encrypt the object with this SSE-C key (64 hex digits)", parseSsecKey)
        .action(async (text: string, options: PutOptions) => {
          const { bucket, key } = objectPath(text);
          const body = await source(options);
          const putOptions = { httpMetadata: httpMetadataOf(options), storageClass: options.storageClass, ssecKey: options.ssecKey };
          const object = await withR2Store(options, bucket, (store) => store.put(bucket, key, body, putOptions));
          printOutcome(options, `Wrote ${object!.size} bytes to ${bucket}/${key}.`, { bucket, key, size: object!.size, etag: object!.etag });
        }),
    )
    .addCommand(
      withWranglerFlags(projectSubcommand("get", "Read an object into a file (by default named after the key) or standard output"), ["jurisdiction"])
        .argument("<path>", "<bucket>/<key>")
        .option("-f, --file <file>", "write the object to this file")
        .option("-p, --pipe", "write the object to standard output")
        .option("--ssec-key <hex>", "the SSE-C key the object was written with (64 hex digits)", parseSsecKey)
        .action(async (text: string, options: TransferOptions) => {
          const { bucket, key } = objectPath(text);
          refuseFileAndPipe(options, "ERR_R2_VALUE_DESTINATION");
          await withR2Store(options, bucket, async (store) => {
            const found = await store.get(bucket, key, { ssecKey: options.ssecKey });
            if (found === null) throw new R2CommandError("ERR_R2_NOT_FOUND", `Object "${key}" not found in bucket "${bucket}".`);
            if (options.pipe) return pipeline(found.body!, process.stdout, { end: false });
            const file = await destination(key, options.file).catch((error: unknown) => {
              found.body!.destroy();
              throw error;
            });
            await pipeline(found.body!, file.handle.createWriteStream());
            if (options.json) printJson({ ok: true, bucket, key, size: found.object.size, file: file.path });
            else process.stdout.write(`Wrote ${bucket}/${key} (${found.object.size} bytes) to ${file.path}.\n`);
          });
        }),
    )
    .addCommand(
      withWranglerFlags(projectSubcommand("delete", "Delete an object"), ["jurisdiction", "catalogForce"])
        .argument("<path>", "<bucket>/<key>")
        .action(async (text: string, options: ProjectOptions) => {
          const { bucket, key } = objectPath(text);
          await withR2Store(options, bucket, (store) => store.delete(bucket, [key]));
          printOutcome(options, `Deleted ${bucket}/${key}.`, { bucket, key });
        }),
    );
}
