import { readFile } from "node:fs/promises";
import { KvCommandError } from "./kv-command-error.js";

/** Reads a file the user named, relative to the current directory; `role` says which (`--path`, `bulk file`). */
export async function readInputFile(file: string, role: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    throw new KvCommandError("ERR_KV_FILE_UNREADABLE", `Cannot read ${role} ${file}: ${(error as Error).message}. Check the path.`, { cause: error });
  }
}
