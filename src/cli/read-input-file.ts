import { readFile } from "node:fs/promises";
import { OutpostError } from "../errors.js";

/** A file the user named cannot be read. */
export class InputFileError extends OutpostError<"ERR_INPUT_FILE_UNREADABLE"> {}

/** Reads a file the user named, relative to the current directory; `role` says which (`--path`, `bulk file`). */
export async function readInputFile(file: string, role: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    throw new InputFileError("ERR_INPUT_FILE_UNREADABLE", `Cannot read ${role} ${file}: ${(error as Error).message}. Check the path.`, { cause: error });
  }
}
