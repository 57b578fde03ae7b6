import { createInterface } from "node:readline/promises";
import { QueuesCommandError } from "./queues-command-error.js";

/**
 * Whether to go ahead with a destructive `action` ("purge queue \"x\""): yes under --force, else
 * the user's answer to `question` on a terminal. Without a terminal it refuses, rather than guess.
 */
export async function confirmed(force: boolean | undefined, question: string, action: string): Promise<boolean> {
  if (force) return true;
  if (!process.stdin.isTTY) {
    throw new QueuesCommandError(
      "ERR_QUEUE_CONFIRMATION_REQUIRED",
      `Refusing to ${action} without confirmation: stdin is not a terminal. Pass --force to ${action}.`,
    );
  }
  // The prompt goes to stderr so that stdout stays clean for --json.
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await prompt.question(`${question} [y/N] `)).trim());
  } finally {
    prompt.close();
  }
}
