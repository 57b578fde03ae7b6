import { spawn } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import type { LoadedProject } from "../config/index.js";
import { pathKind } from "../config/path-kind.js";
import type { ConsoleLevel, Logger } from "../logging/logger.js";
import { DevServerError } from "./errors.js";

/** How the command's output is labelled, as wrangler labels it. */
const SOURCE = "custom build";

/**
 * Runs a project's `build.command` through the shell in `build.cwd`, as wrangler does before it
 * bundles, with `WRANGLER_COMMAND=dev`; its output is shown line by line. Fails if the command
 * fails or does not leave `main` behind.
 */
export async function runCustomBuild(project: LoadedProject, logger: Logger): Promise<void> {
  const { build, main } = project.config;
  if (build === undefined) return;
  logger.console(SOURCE, "log", `Running: ${build.command}`);
  const child = spawn(build.command, {
    shell: true,
    cwd: build.cwd,
    env: { ...process.env, WRANGLER_COMMAND: "dev" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const shown = Promise.all([showLines(child.stdout, "log", logger), showLines(child.stderr, "error", logger)]);
  const [code, signal] = (await once(child, "close")) as [number | null, NodeJS.Signals | null];
  await shown;
  const configName = path.basename(project.configName);
  if (code !== 0) {
    throw new DevServerError(
      "ERR_CUSTOM_BUILD_FAILED",
      `Running custom build \`${build.command}\` (\`build.command\` in ${configName}) failed: ` +
        `${signal === null ? `exit code ${code}` : `killed by ${signal}`}. Its output is above, marked [${SOURCE}].`,
    );
  }
  if (main !== undefined && (await pathKind(main)) !== "file") {
    throw new DevServerError(
      "ERR_CUSTOM_BUILD_NO_MAIN",
      `The Worker's entry point ${main} (\`main\` in ${configName}) was not found after running custom build \`${build.command}\`. ` +
        "`main` should name the file the custom build writes.",
    );
  }
}

async function showLines(stream: Readable, level: ConsoleLevel, logger: Logger): Promise<void> {
  for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) logger.console(SOURCE, level, line);
}
