import { createInterface } from "node:readline";
import { text } from "node:stream/consumers";
import { Writable } from "node:stream";

/**
 * A secret's value typed at a prompt that does not echo it, on a terminal; otherwise all of stdin,
 * less trailing whitespace (so `echo value |` works), as wrangler reads one.
 */
export async function readSecretValue(question: string): Promise<string> {
  if (!process.stdin.isTTY) return (await text(process.stdin)).trimEnd();
  process.stderr.write(question);
  const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
  const prompt = createInterface({ input: process.stdin, output: silent, terminal: true });
  try {
    return await new Promise<string>((resolve) => prompt.once("line", resolve));
  } finally {
    prompt.close();
    process.stderr.write("\n");
  }
}
