/** A Worker's configuration as Outpost acts on it: one environment selected, defaults filled in, paths absolute. */
export interface WorkerConfig {
  name: string;
  /** Absolute path of the entry point; absent for an assets-only project. */
  main?: string;
  /** YYYY-MM-DD */
  compatibility_date?: string;
  compatibility_flags: string[];
  /** Each value is a string or any JSON value, as written in the config file. */
  vars: Record<string, unknown>;
  define: Record<string, string>;
  alias: Record<string, string>;
  /** The user's rules only; the bundler adds wrangler's defaults itself. */
  rules: ModuleRule[];
  no_bundle: boolean;
  find_additional_modules: boolean;
  /** Modules a rule collects while bundling keep the path they are imported by as their name, not `<sha1>-<file name>`. */
  preserve_file_names: boolean;
  /** Absolute; defaults to the directory of `main`. */
  base_dir?: string;
  /** @default "React.createElement" */
  jsx_factory: string;
  /** @default "React.Fragment" */
  jsx_fragment: string;
  /** Absolute; the tsconfig esbuild reads instead of the one it would find beside each file. */
  tsconfig?: string;
  /** Keep function and class names through bundling. @default true */
  keep_names: boolean;
  minify: boolean;
  /** The command that writes `main` before it is bundled; absent when the config gives no `build.command`. */
  build?: CustomBuild;
  assets?: AssetsConfig;
  /** Workers Sites: the legacy way to serve static files, through a KV namespace and a manifest module. */
  site?: SiteConfig;
  services: ServiceBinding[];
  kv_namespaces: KvNamespaceBinding[];
  r2_buckets: R2BucketBinding[];
  d1_databases: D1DatabaseBinding[];
  durable_objects: { bindings: DurableObjectBinding[] };
  /** Durable Object class migrations, in the order they were written. */
  migrations: DurableObjectMigration[];
  /** Durable Object classes declared instead of migrated, by class name; when set, migrations are not read. */
  exports?: Record<string, ExportedClass>;
  queues: { producers: QueueProducer[]; consumers: QueueConsumer[] };
  workflows: WorkflowBinding[];
  /** Outpost's own key: Step Functions state machines, their definitions resolved against the config's directory. */
  state_machines: StateMachineConfig[];
  triggers: { crons: string[] };
  /** The config's `route`, else its `routes`: where a deployment runs; `outpost dev` takes the first one's host as the Worker's. */
  routes: Route[];
  /**
   * Where and how `outpost dev` listens when `--ip`, `--port` and `--local-protocol` do not say,
   * and the host and protocol the served Worker sees in `request.url` (`host`, `upstream_protocol`).
   */
  dev: { ip?: string; port?: number; inspector_port?: number; local_protocol?: "http" | "https"; host?: string; upstream_protocol?: "http" | "https" };
  /** The binding that describes the running version: a new one on every deployment. */
  version_metadata?: { binding: string };
  ratelimits: RateLimitBinding[];
  analytics_engine_datasets: AnalyticsEngineBinding[];
  /** The secrets the Worker declares it needs; when set, local secret files may only set these and `vars`. */
  secrets?: { required: string[] };
  secrets_store_secrets: SecretsStoreSecretBinding[];
  send_email: SendEmailBinding[];
  /** Workers, by name, that receive this one's tail events. */
  tail_consumers: { service: string }[];
  pipelines: PipelineBinding[];
  dispatch_namespaces: DispatchNamespaceBinding[];
  /** Worker Loader bindings, by binding name. */
  worker_loaders: { binding: string }[];
  /** The Images binding, by binding name. */
  images?: { binding: string };
  hyperdrive: HyperdriveBinding[];
  /** A Service Worker script's globals holding a file, by name to absolute path: a `WebAssembly.Module`, a string, an `ArrayBuffer`. */
  wasm_modules: Record<string, string>;
  text_blobs: Record<string, string>;
  data_blobs: Record<string, string>;
  /**
   * Every top-level field of the file that Outpost does not act on yet, such as `vectorize`,
   * kept verbatim (after environment selection) so later features can read them.
   */
  unsupported: Record<string, unknown>;
}

export type Route = string | { pattern: string; zone_id?: string; zone_name?: string; custom_domain?: boolean };

export type ModuleRuleType = "ESModule" | "CommonJS" | "Text" | "Data" | "CompiledWasm";

export interface ModuleRule {
  type: ModuleRuleType;
  globs: string[];
  fallthrough?: boolean;
}

export interface CustomBuild {
  /** Run through the shell. */
  command: string;
  /** Absolute; defaults to the project directory. */
  cwd: string;
  /** Absolute; a change under one of them runs the command again. Defaults to `src/` in the project. */
  watch_dirs: string[];
}

export interface SiteConfig {
  /** Absolute. */
  bucket: string;
  /** Globs, as in .gitignore, of the files to serve; all when absent. */
  include?: string[];
  /** Globs of files not to serve. */
  exclude?: string[];
}

export interface AssetsConfig {
  /** Absolute. */
  directory?: string;
  binding?: string;
  html_handling?: "auto-trailing-slash" | "force-trailing-slash" | "drop-trailing-slash" | "none";
  not_found_handling?: "single-page-application" | "404-page" | "none";
  /** `true`/`false`, or route patterns for which the Worker runs before assets are looked up. */
  run_worker_first?: boolean | string[];
}

export interface KvNamespaceBinding {
  binding: string;
  /** The namespace's identity: its `id`, or the binding name when the config gives none. */
  id: string;
  /** The namespace `--preview` uses instead, when the config gives one. */
  preview_id?: string;
}

export interface R2BucketBinding {
  binding: string;
  /** The bucket's name: `bucket_name`, or the binding name when the config gives none. */
  bucket_name: string;
}

export interface D1DatabaseBinding {
  binding: string;
  /** The local database's identity: `preview_database_id`, else `database_id` (as wrangler picks it locally), else `database_name`, else the binding name. */
  id: string;
  database_name?: string;
  /** Absolute; defaults to `migrations/` in the project. */
  migrations_dir: string;
  /** @default "d1_migrations" */
  migrations_table: string;
}

export interface DurableObjectBinding {
  name: string;
  class_name: string;
  /** The worker that defines the class, when it is not this one. */
  script_name?: string;
}

/** An entry of `exports`: a Durable Object class, or a Worker or Workflow entrypoint's deploy settings. */
export type ExportedClass = ExportedDurableObject | ExportedEntrypoint;

/** A Durable Object entry of `exports`. Without `state`, the class is live (`created`). */
export interface ExportedDurableObject {
  type: "durable-object";
  state?: "created" | "expecting-transfer" | "deleted" | "renamed" | "transferred";
  /** `sqlite` gives the class's objects the SQL API; `legacy-kv`, the key-value API only. */
  storage?: "sqlite" | "legacy-kv";
  renamed_to?: string;
  transferred_to?: string;
  transfer_from?: string;
  container?: string;
}

export interface ExportedEntrypoint {
  type: "worker" | "workflow";
}

export interface DurableObjectMigration {
  tag: string;
  new_classes?: string[];
  new_sqlite_classes?: string[];
  renamed_classes?: { from: string; to: string }[];
  deleted_classes?: string[];
}

export interface QueueProducer {
  binding: string;
  queue: string;
  /** Seconds every message sent through this binding waits before delivery. */
  delivery_delay?: number;
}

/** A queue's consumer, with Cloudflare's production defaults filled in. */
export interface QueueConsumer {
  queue: string;
  type: "worker" | "http_pull";
  /** @default 10 */
  max_batch_size: number;
  /** Seconds. @default 5 */
  max_batch_timeout: number;
  /** @default 3 */
  max_retries: number;
  dead_letter_queue?: string;
  /** Seconds. @default 0 */
  retry_delay: number;
  /** Batches in flight at once. */
  max_concurrency?: number;
  /** How long a pulled message stays leased when the pull does not say (`http_pull` only). */
  visibility_timeout_ms?: number;
}

export interface StateMachineConfig {
  name: string;
  /** Absolute path of the ASL definition (`.json`, `.yaml` or `.yml`). */
  definition: string;
  type: "STANDARD" | "EXPRESS";
  binding?: string;
}

export interface WorkflowBinding {
  /** The Workflow's name, unique per account on Cloudflare; instances are kept under it. */
  name: string;
  binding: string;
  /** The `WorkflowEntrypoint` class that runs its instances. */
  class_name: string;
  /** The worker that exports the class, when it is not this one. */
  script_name?: string;
}

/** A rate limiter: `name` is the binding; counters are kept per `namespace_id`. */
export interface RateLimitBinding {
  name: string;
  namespace_id: string;
  simple: { limit: number; period: 10 | 60 };
}

/** An Analytics Engine dataset; `dataset` defaults to the binding's name, as in wrangler. */
export interface AnalyticsEngineBinding {
  binding: string;
  dataset: string;
}

/** A secret of a Secrets Store, read by `get()`; local stores are made by `outpost secrets-store secret create`. */
export interface SecretsStoreSecretBinding {
  binding: string;
  store_id: string;
  secret_name: string;
}

/** A binding that sends email; the addresses it may send from and to, when restricted. */
export interface SendEmailBinding {
  name: string;
  destination_address?: string;
  allowed_destination_addresses?: string[];
  allowed_sender_addresses?: string[];
}

/** A Pipelines binding: `stream` is the stream it sends to (wrangler's deprecated `pipeline`, when that is what is given). */
export interface PipelineBinding {
  binding: string;
  stream: string;
}

/** Workers for Platforms: a binding that dispatches to the workers of a namespace by name. */
export interface DispatchNamespaceBinding {
  binding: string;
  namespace: string;
}

export interface HyperdriveBinding {
  binding: string;
  /** The Hyperdrive config on Cloudflare; Outpost connects to the local database instead. */
  id: string;
  localConnectionString?: string;
}

export interface ServiceBinding {
  binding: string;
  service: string;
  entrypoint?: string;
  /** JSON the entrypoint sees as `ctx.props`. */
  props?: Record<string, unknown>;
}
