import { isDeepStrictEqual } from "node:util";
import type { WorkerFields } from "./schema.js";

/**
 * How a named environment (`env.<name>`) treats a top-level field, following wrangler:
 * - `inheritable`: the environment's value if it has one, else the top-level value;
 * - `not-inheritable`: only the environment's value (bindings, vars, define…);
 * - `top-level-only`: read from the top level whatever the environment says.
 */
export type Inheritance = "inheritable" | "not-inheritable" | "top-level-only";

const SUPPORTED_FIELDS: Readonly<Record<keyof WorkerFields, Inheritance>> = {
  name: "inheritable",
  main: "inheritable",
  compatibility_date: "inheritable",
  compatibility_flags: "inheritable",
  rules: "inheritable",
  no_bundle: "inheritable",
  find_additional_modules: "inheritable",
  preserve_file_names: "inheritable",
  base_dir: "inheritable",
  jsx_factory: "inheritable",
  jsx_fragment: "inheritable",
  tsconfig: "inheritable",
  keep_names: "inheritable",
  minify: "inheritable",
  build: "inheritable",
  triggers: "inheritable",
  assets: "inheritable",
  route: "inheritable",
  routes: "inheritable",
  vars: "not-inheritable",
  define: "not-inheritable",
  services: "not-inheritable",
  kv_namespaces: "not-inheritable",
  r2_buckets: "not-inheritable",
  d1_databases: "not-inheritable",
  durable_objects: "not-inheritable",
  migrations: "inheritable",
  exports: "inheritable",
  queues: "not-inheritable",
  workflows: "not-inheritable",
  state_machines: "not-inheritable",
  version_metadata: "not-inheritable",
  ratelimits: "not-inheritable",
  unsafe: "not-inheritable",
  analytics_engine_datasets: "not-inheritable",
  secrets: "not-inheritable",
  secrets_store_secrets: "not-inheritable",
  send_email: "not-inheritable",
  worker_loaders: "not-inheritable",
  images: "not-inheritable",
  dispatch_namespaces: "not-inheritable",
  pipelines: "not-inheritable",
  tail_consumers: "not-inheritable",
  hyperdrive: "not-inheritable",
  alias: "top-level-only",
  dev: "top-level-only",
  site: "top-level-only",
  wasm_modules: "top-level-only",
  text_blobs: "top-level-only",
  data_blobs: "top-level-only",
};

/** Fields wrangler knows that Outpost does not act on yet. */
const UNSUPPORTED_FIELDS: Readonly<Record<string, Inheritance>> = {
  // Its `dev` section mocks the Access identity `ctx.access` gives under wrangler dev.
  access: "inheritable",
  account_id: "inheritable",
  cache: "inheritable",
  compliance_region: "inheritable",
  first_party_worker: "inheritable",
  limits: "inheritable",
  logfwdr: "inheritable",
  logpush: "inheritable",
  observability: "inheritable",
  placement: "inheritable",
  preview_urls: "inheritable",
  // Bindings and settings of the deployments `wrangler preview` makes.
  previews: "inheritable",
  python_modules: "inheritable",
  upload_source_maps: "inheritable",
  usage_model: "inheritable",
  workers_dev: "inheritable",

  agent_memory: "not-inheritable",
  ai: "not-inheritable",
  ai_search: "not-inheritable",
  ai_search_namespaces: "not-inheritable",
  analytics: "not-inheritable",
  artifacts: "not-inheritable",
  browser: "not-inheritable",
  cloudchamber: "not-inheritable",
  // Sockets the Worker listens on itself, handed to its connect() handler.
  connect: "not-inheritable",
  containers: "not-inheritable",
  flagship: "not-inheritable",
  // Producer bindings to a K2 stream, which wrangler dev always reaches remotely.
  k2: "not-inheritable",
  media: "not-inheritable",
  mtls_certificates: "not-inheritable",
  stream: "not-inheritable",
  streaming_tail_consumers: "not-inheritable",
  unsafe_hello_world: "not-inheritable",
  vectorize: "not-inheritable",
  vpc_networks: "not-inheritable",
  vpc_services: "not-inheritable",

  // The inbound email addresses whose Email Routing rules a deploy creates.
  addresses: "top-level-only",
  dependencies_instrumentation: "top-level-only",
  keep_vars: "top-level-only",
  legacy_env: "top-level-only",
  pages_build_output_dir: "top-level-only",
  send_metrics: "top-level-only",
};

/**
 * Fields that shape the file itself rather than the Worker, including where a generated config
 * (the Vite plugin's build output) came from; accepted at the top level without comment.
 */
export const STRUCTURAL_FIELDS: ReadonlySet<string> = new Set([
  "$schema",
  "env",
  "configPath",
  "userConfigPath",
  "topLevelName",
  "definedEnvironments",
  "targetEnvironment",
]);

/** Unsupported fields, by path, whose value here is wrangler's default, which is what Outpost does anyway. */
const DEFAULT_VALUES: Readonly<Record<string, unknown>> = {
  legacy_env: true,
  cache: { enabled: false },
  python_modules: { exclude: ["**/*.pyc"] },
  "dev.enable_containers": true,
  "dev.generate_types": false,
};

/**
 * Unsupported fields that only shape a deployment (where it is routed, how it is observed, who
 * owns it), which a local run has no use for; `wrangler dev` passes over them without a word.
 */
const DEPLOY_ONLY_FIELDS: ReadonlySet<string> = new Set([
  "account_id",
  "addresses",
  "compliance_region",
  "dependencies_instrumentation",
  "keep_vars",
  "logpush",
  "observability",
  "placement",
  "preview_urls",
  "previews",
  "send_metrics",
  "upload_source_maps",
  "usage_model",
  "workers_dev",
]);

/**
 * Whether an unsupported field's value asks for nothing Outpost leaves undone: a deploy-only field,
 * a value that is empty, as build tools write every binding list (`vectorize: []`,
 * `logfwdr: { bindings: [] }`), or the default. `path` is the field's path from the top of its
 * section, such as `dev.generate_types`.
 */
export function asksForNothing(path: string, value: unknown): boolean {
  return DEPLOY_ONLY_FIELDS.has(path) || isEmpty(value) || (Object.hasOwn(DEFAULT_VALUES, path) && isDeepStrictEqual(DEFAULT_VALUES[path], value));
}

function isEmpty(value: unknown): boolean {
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === "object" && value !== null && Object.values(value).every(isEmpty);
}

export function isSupportedField(field: string): field is keyof WorkerFields {
  return Object.hasOwn(SUPPORTED_FIELDS, field);
}

export function inheritanceOf(field: string): Inheritance | undefined {
  if (isSupportedField(field)) return SUPPORTED_FIELDS[field];
  return Object.hasOwn(UNSUPPORTED_FIELDS, field) ? UNSUPPORTED_FIELDS[field] : undefined;
}

/** Keys inside supported fields that wrangler knows but Outpost ignores for now; `[]` stands for any index. */
export const UNSUPPORTED_NESTED_FIELDS: ReadonlySet<string> = new Set([
  "dev.container_engine",
  "dev.enable_containers",
  "dev.generate_types",
  "services[].environment",
  "services[].remote",
  "dispatch_namespaces[].outbound",
  "dispatch_namespaces[].remote",
  "site.entry-point",
  "tail_consumers[].environment",
  "unsafe.metadata",
  "unsafe.capnp",
]);
