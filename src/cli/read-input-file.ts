import { open, readFile, type FileHandle } from "node:fs/promises";
import { OutpostError } from "../errors.js";

/** A file the user named cannot be read. */
export class InputFileError extends OutpostError<"ERR_INPUT_FILE_UNREADABLE"> {}

/** Reads a file the user named, relative to the current directory; `role` says which (`--path`, `bulk file`). */
export async function readInputFile(file: string, role: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    throw unreadable(file, role, error);
  }
}

/** Opens a file the user named, to stream it; as `readInputFile`, an unreadable file is refused naming it and its role. */
export async function openInputFile(file: string, role: string): Promise<FileHandle> {
  let handle: FileHandle;
  try {
    handle = await open(file, "r");
  } catch (error) {
    throw unreadable(file, role, error);
  }
  // A directory opens, and fails only once read: refuse it here, as readInputFile would.
  if ((await handle.stat()).isDirectory()) {
    await handle.close();
    throw new InputFileError("ERR_INPUT_FILE_UNREADABLE", `Cannot read ${role} ${file}: it is a directory. Check the path.`);
  }
  return handle;
}

function unreadable(file: string, role: string, error: unknown): InputFileError {
  return new InputFileError("ERR_INPUT_FILE_UNREADABLE", `Cannot read ${role} ${file}: ${(error as Error).message}. Check the path.`, { cause: error });
}
