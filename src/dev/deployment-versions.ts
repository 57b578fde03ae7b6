import { randomUUID } from "node:crypto";
import type { VersionMetadata } from "./worker-definition.js";

/** One deployment's version of each worker, as `version_metadata` gives it: a new id, the time, no tag. */
export class DeploymentVersions {
  readonly #versions = new Map<string, VersionMetadata>();
  readonly #timestamp = new Date().toISOString();

  of(worker: string): VersionMetadata {
    let version = this.#versions.get(worker);
    if (version === undefined) this.#versions.set(worker, (version = { id: randomUUID(), tag: "", timestamp: this.#timestamp }));
    return version;
  }

  /** What differs between two deployments of the same code: the time and the ids. */
  strings(): string[] {
    return [this.#timestamp, ...[...this.#versions.values()].map((version) => version.id)];
  }
}
