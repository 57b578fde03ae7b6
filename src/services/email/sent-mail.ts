import { mkdir, open, rename } from "node:fs/promises";
import path from "node:path";

/**
 * The messages `send_email` bindings sent, each an `.eml` file in `<persistTo>/email/sent/`,
 * named by when it was sent and its Message-ID. A file is written under a temp name, fsynced and
 * renamed, and the directory fsynced, before `keep` resolves.
 */
export class SentMail {
  readonly #directory: string;

  constructor(persistTo: string) {
    this.#directory = path.join(persistTo, "email", "sent");
  }

  /** Keeps the message and resolves with its file's path. */
  async keep(messageId: string, bytes: Uint8Array, sentAt = new Date()): Promise<string> {
    await mkdir(this.#directory, { recursive: true });
    const stamp = sentAt.toISOString().replace(/[-:]/g, "").replace(".", "-");
    const file = path.join(this.#directory, `${stamp}-${messageId.replace(/^<|>$/g, "").replace(/[^A-Za-z0-9@._-]/g, "_")}.eml`);
    const temp = `${file}.tmp`;
    const handle = await open(temp, "w");
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
    const directory = await open(this.#directory, "r");
    try {
      await directory.sync();
    } finally {
      await directory.close();
    }
    return file;
  }
}
