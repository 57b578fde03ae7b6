import { cp, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before } from "node:test";
import { fixturesDir, OutpostDev, type DevOptions } from "./outpost-cli.js";

/** A fresh copy of a fixture project in a temporary directory, without data a manual run left in it. */
export async function copyFixture(fixture: string): Promise<string> {
  const project = await mkdtemp(path.join(os.tmpdir(), `outpost-${fixture}-`));
  await cp(path.join(fixturesDir, fixture), project, { recursive: true, filter: (source) => !source.includes(".outpost") });
  return project;
}

/** A fresh copy of `fixture` for the enclosing `describe`, handed to `copied`; removed afterwards. */
export function useFixtureCopy(fixture: string, copied: (project: string) => void): void {
  let project: string;
  before(async () => {
    project = await copyFixture(fixture);
    copied(project);
  });
  after(() => rm(project, { recursive: true, force: true }));
}

/**
 * Runs `outpost dev` on a fresh copy of `fixture` for the enclosing `describe`, handing the running
 * dev and the copy's directory to `started`; kills it and removes the copy afterwards.
 */
export function useRunningCopy(fixture: string, started: (dev: OutpostDev, project: string) => unknown, options: DevOptions & { args?: readonly string[] } = {}): void {
  let project: string;
  let dev: OutpostDev;
  before(async () => {
    project = await copyFixture(fixture);
    dev = await OutpostDev.start([project, ...(options.args ?? [])], options);
    await started(dev, project);
  });
  after(async () => {
    await dev?.kill();
    await rm(project, { recursive: true, force: true });
  });
}
