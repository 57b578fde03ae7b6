import path from "node:path";
import type { WorkerFields } from "./schema.js";
import type { CustomBuild, RateLimitBinding, WorkerConfig } from "./worker-config.js";

/** Fills in defaults and makes every path the config gives (`main`, `base_dir`, `build.cwd`, …) absolute against `projectDir`. */
export function buildWorkerConfig(
  fields: WorkerFields & { name: string },
  unsupported: Record<string, unknown>,
  projectDir: string,
): WorkerConfig {
  const main = fields.main === undefined ? undefined : path.resolve(projectDir, fields.main);
  const baseDir = fields.base_dir === undefined ? main && path.dirname(main) : path.resolve(projectDir, fields.base_dir);
  const assets = fields.assets && {
    ...fields.assets,
    directory: fields.assets.directory === undefined ? undefined : path.resolve(projectDir, fields.assets.directory),
  };
  return {
    name: fields.name,
    main,
    compatibility_date: fields.compatibility_date,
    compatibility_flags: fields.compatibility_flags ?? [],
    vars: fields.vars ?? {},
    define: fields.define ?? {},
    alias: fields.alias ?? {},
    rules: fields.rules ?? [],
    no_bundle: fields.no_bundle ?? false,
    find_additional_modules: fields.find_additional_modules ?? false,
    preserve_file_names: fields.preserve_file_names ?? false,
    base_dir: baseDir,
    jsx_factory: fields.jsx_factory ?? "React.createElement",
    jsx_fragment: fields.jsx_fragment ?? "React.Fragment",
    tsconfig: fields.tsconfig === undefined ? undefined : path.resolve(projectDir, fields.tsconfig),
    keep_names: fields.keep_names ?? true,
    minify: fields.minify ?? false,
    build: customBuild(fields.build, projectDir),
    assets,
    site: fields.site && { bucket: path.resolve(projectDir, fields.site.bucket), include: fields.site.include, exclude: fields.site.exclude },
    services: fields.services ?? [],
    kv_namespaces: (fields.kv_namespaces ?? []).map((namespace) => ({
      binding: namespace.binding,
      id: namespace.id ?? namespace.binding,
      ...(namespace.preview_id !== undefined && { preview_id: namespace.preview_id }),
    })),
    r2_buckets: (fields.r2_buckets ?? []).map((bucket) => ({ binding: bucket.binding, bucket_name: bucket.bucket_name ?? bucket.binding })),
    d1_databases: (fields.d1_databases ?? []).map((database) => ({
      binding: database.binding,
      id: database.preview_database_id ?? database.database_id ?? database.database_name ?? database.binding,
      database_name: database.database_name,
      migrations_dir: path.resolve(projectDir, database.migrations_dir ?? "migrations"),
      migrations_table: database.migrations_table ?? "d1_migrations",
    })),
    durable_objects: { bindings: fields.durable_objects?.bindings ?? [] },
    migrations: fields.migrations ?? [],
    exports: fields.exports,
    queues: {
      producers: fields.queues?.producers ?? [],
      consumers: (fields.queues?.consumers ?? []).map((consumer) => ({
        ...consumer,
        type: consumer.type ?? "worker",
        max_batch_size: consumer.max_batch_size ?? 10,
        max_batch_timeout: consumer.max_batch_timeout ?? 5,
        max_retries: consumer.max_retries ?? 3,
        retry_delay: consumer.retry_delay ?? 0,
      })),
    },
    workflows: fields.workflows ?? [],
    state_machines: (fields.state_machines ?? []).map((machine) => ({
      ...machine,
      definition: path.resolve(projectDir, machine.definition),
      type: machine.type ?? "STANDARD",
    })),
    triggers: { crons: fields.triggers?.crons ?? [] },
    routes: fields.route !== undefined ? [fields.route] : (fields.routes ?? []),
    dev: fields.dev ?? {},
    version_metadata: fields.version_metadata,
    ratelimits: [...(fields.ratelimits ?? []), ...unsafeRateLimits(fields.unsafe)],
    secrets: fields.secrets && { required: fields.secrets.required ?? [] },
    secrets_store_secrets: fields.secrets_store_secrets ?? [],
    send_email: fields.send_email ?? [],
    worker_loaders: fields.worker_loaders ?? [],
    images: fields.images,
    dispatch_namespaces: fields.dispatch_namespaces ?? [],
    pipelines: (fields.pipelines ?? []).map(({ binding, stream, pipeline }) => ({ binding, stream: (stream ?? pipeline)! })),
    tail_consumers: (fields.tail_consumers ?? []).map(({ service }) => ({ service })),
    analytics_engine_datasets: (fields.analytics_engine_datasets ?? []).map(({ binding, dataset }) => ({ binding, dataset: dataset ?? binding })),
    hyperdrive: fields.hyperdrive ?? [],
    wasm_modules: resolvedPaths(fields.wasm_modules, projectDir),
    text_blobs: resolvedPaths(fields.text_blobs, projectDir),
    data_blobs: resolvedPaths(fields.data_blobs, projectDir),
    unsupported,
  };
}

function resolvedPaths(files: Record<string, string> | undefined, projectDir: string): Record<string, string> {
  return Object.fromEntries(Object.entries(files ?? {}).map(([name, file]) => [name, path.resolve(projectDir, file)]));
}

function customBuild(build: WorkerFields["build"], projectDir: string): CustomBuild | undefined {
  if (build?.command === undefined) return undefined;
  const watchDirs = build.watch_dir ?? "src";
  return {
    command: build.command,
    cwd: path.resolve(projectDir, build.cwd ?? "."),
    watch_dirs: (Array.isArray(watchDirs) ? watchDirs : [watchDirs]).map((dir) => path.resolve(projectDir, dir)),
  };
}

/** `unsafe.bindings` of the `ratelimit` kind, as `ratelimits` entries; the schema has checked their fields. */
function unsafeRateLimits(unsafe: WorkerFields["unsafe"]): RateLimitBinding[] {
  return (unsafe?.bindings ?? [])
    .filter((binding) => binding.type === "ratelimit")
    .map((binding) => ({ name: binding.name, namespace_id: String(binding.namespace_id), simple: binding.simple as RateLimitBinding["simple"] }));
}
