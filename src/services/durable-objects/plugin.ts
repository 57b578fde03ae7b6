import { rm } from "node:fs/promises";
import path from "node:path";
import type { WorkerConfig } from "../../config/index.js";
import type { BindingDefinition, DurableObjectNamespaceDefinition } from "../../runtime/index.js";
import { exportedClasses, resolveClasses } from "./class-storage.js";

export interface DurableObjectDefinitions {
  /** The classes this worker defines, each with the storage its objects live in. */
  namespaces: DurableObjectNamespaceDefinition[];
  bindings: BindingDefinition[];
  /** Storage keys whose data a `deleted_classes` migration, or a `deleted` entry of `exports`, gave up. */
  deletedKeys: string[];
}

/** The directory under `--persist-to` where workerd keeps Durable Objects, one folder per class. */
export function durableObjectDirectory(persistTo: string): string {
  return path.join(persistTo, "do");
}

/** How a class undeclared where the config declares classes is described, and what to do about it. */
const MIGRATED = { missing: "migration", remedy: "Add it to a migration's new_sqlite_classes to use SQL." };
const EXPORTED = { missing: "live entry in `exports`", remedy: 'Add it to `exports` as { "type": "durable-object", "storage": "sqlite" } to use SQL.' };

/**
 * A worker's Durable Object namespaces and bindings. A class's unique key is the worker's name
 * and the class's storage key, so a renamed class keeps its objects and two workers never share.
 */
export function durableObjectDefinitions(config: WorkerConfig, warn: (message: string) => void): DurableObjectDefinitions {
  if (config.exports !== undefined && config.migrations.length > 0) {
    warn("Both `exports` and `migrations` declare Durable Object classes; Outpost reads `exports` and ignores `migrations`.");
  }
  const declared = config.exports === undefined ? MIGRATED : EXPORTED;
  const { classes, deletedKeys } = config.exports === undefined ? resolveClasses(config.migrations) : exportedClasses(config.exports);
  for (const binding of config.durable_objects.bindings) {
    const local = binding.script_name === undefined || binding.script_name === config.name;
    if (local && !classes.has(binding.class_name)) {
      warn(`Durable Object class ${binding.class_name} (binding ${binding.name}) has no ${declared.missing}, so it gets the key-value storage API only. ${declared.remedy}`);
      classes.set(binding.class_name, { key: binding.class_name, sql: false });
    }
  }
  return {
    namespaces: [...classes].map(([className, storage]) => ({
      className,
      uniqueKey: uniqueKey(config.name, storage.key),
      enableSql: storage.sql,
    })),
    bindings: config.durable_objects.bindings.map((binding) => ({
      name: binding.name,
      kind: "durableObjectNamespace",
      className: binding.class_name,
      scriptName: binding.script_name === config.name ? undefined : binding.script_name,
    })),
    deletedKeys,
  };
}

/** Removes the stored objects of classes a migration deleted. */
export async function removeDeletedClasses(persistTo: string, workerName: string, deletedKeys: readonly string[]): Promise<void> {
  const directory = durableObjectDirectory(persistTo);
  await Promise.all(deletedKeys.map((key) => rm(path.join(directory, uniqueKey(workerName, key)), { recursive: true, force: true })));
}

function uniqueKey(workerName: string, storageKey: string): string {
  return `${workerName}-${storageKey}`;
}
