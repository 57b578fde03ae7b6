import { stat } from "node:fs/promises";

/** What, if anything, is at `file`. */
export async function pathKind(file: string): Promise<"file" | "directory" | "missing"> {
  try {
    return (await stat(file)).isDirectory() ? "directory" : "file";
  } catch (error) {
    const { code } = error as NodeJS.ErrnoException;
    if (code === "ENOENT" || code === "ENOTDIR") return "missing";
    throw error;
  }
}
