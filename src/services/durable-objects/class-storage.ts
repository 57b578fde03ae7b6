import type { DurableObjectMigration, ExportedClass, ExportedDurableObject } from "../../config/index.js";

/** Where one Durable Object class keeps its objects. */
export interface ClassStorage {
  /** The class's storage key: its name when first created; a rename keeps it. */
  key: string;
  /** SQLite-backed (`new_sqlite_classes`): `ctx.storage.sql` is available. */
  sql: boolean;
}

export interface ResolvedClasses {
  /** Each class that exists after every migration, by its current name. */
  classes: Map<string, ClassStorage>;
  /** Storage keys of classes a migration deleted: their data is removed. */
  deletedKeys: string[];
}

/**
 * Applies a worker's migrations in order, as Cloudflare applies them by tag: new classes get a
 * storage key of their own name, a renamed class keeps its key (and so its data), and a deleted
 * class's key is given up.
 */
export function resolveClasses(migrations: readonly DurableObjectMigration[]): ResolvedClasses {
  const classes = new Map<string, ClassStorage>();
  const deletedKeys: string[] = [];
  for (const migration of migrations) {
    for (const name of migration.new_classes ?? []) classes.set(name, { key: name, sql: false });
    for (const name of migration.new_sqlite_classes ?? []) classes.set(name, { key: name, sql: true });
    for (const { from, to } of migration.renamed_classes ?? []) {
      const storage = classes.get(from) ?? { key: from, sql: false };
      classes.delete(from);
      classes.set(to, storage);
    }
    for (const name of migration.deleted_classes ?? []) {
      deletedKeys.push(classes.get(name)?.key ?? name);
      classes.delete(name);
    }
  }
  return { classes, deletedKeys };
}

/**
 * The classes `exports` declares, as wrangler dev reads them: each live entry (`created` or
 * `expecting-transfer`) is a class, with SQL when its storage is `sqlite`; a class another was
 * `renamed` to keeps the old one's key, and so its objects; a `deleted` class's key is given up.
 * A `transferred` class has left this worker.
 */
export function exportedClasses(exports: Readonly<Record<string, ExportedClass>>): ResolvedClasses {
  const classes = new Map<string, ClassStorage>();
  const deletedKeys: string[] = [];
  const durableObjects = Object.entries(exports).filter((entry): entry is [string, ExportedDurableObject] => entry[1].type === "durable-object");
  for (const [name, entry] of durableObjects) {
    const state = entry.state ?? "created";
    if (state === "created" || state === "expecting-transfer") classes.set(name, { key: name, sql: entry.storage === "sqlite" });
    if (state === "deleted") deletedKeys.push(name);
  }
  for (const [name, entry] of durableObjects) {
    const renamed = entry.state === "renamed" ? classes.get(entry.renamed_to!) : undefined;
    if (renamed !== undefined) renamed.key = name;
  }
  return { classes, deletedKeys };
}
