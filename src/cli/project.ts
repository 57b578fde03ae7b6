import path from "node:path";
import { loadProject, type WorkerConfig } from "../config/index.js";
import type { ProjectOptions } from "./project-options.js";

export interface CliProject {
  config: WorkerConfig;
  /** The config file, and the environment when one is chosen: where a message says a binding is missing. */
  source: string;
  /** The directory `outpost dev` keeps this project's data in. */
  persistTo: string;
}

/**
 * Loads the config of the project the options point at, printing its warnings to stderr. The
 * Worker's own files need not exist yet: a command over the project's data never runs them.
 */
export async function loadCliProject(options: ProjectOptions): Promise<CliProject> {
  const cwd = process.cwd();
  const project = await loadProject({ configPath: options.config, cwd, env: options.env, purpose: "data" });
  for (const warning of project.warnings) process.stderr.write(`▲ ${warning}\n`);
  return {
    config: project.config,
    source: `${project.configName}${options.env === undefined ? "" : ` (env "${options.env}")`}`,
    persistTo: options.persistTo === undefined ? path.join(project.projectDir, ".outpost") : path.resolve(cwd, options.persistTo),
  };
}
