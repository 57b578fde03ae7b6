import { z } from "zod";
import { describeValue, issueMessage } from "./issue-messages.js";

/**
 * The fields Outpost acts on, as they may appear at the top level of a wrangler config file or
 * inside one of its `env.<name>` sections. Every field is optional here: defaults are filled in
 * once the environment is merged (see build-worker-config.ts).
 */

const SUPPORTED_RULE_TYPES = ["ESModule", "CommonJS", "CompiledWasm", "Text", "Data"] as const;
const PYTHON_RULE_TYPES: readonly unknown[] = ["PythonModule", "PythonRequirement"];

const notADate = (issue: { input: unknown }) =>
  `must be a date in YYYY-MM-DD form (got ${describeValue(issue.input)})`;

const compatibilityDate = z.string({ error: notADate }).refine(isCalendarDate, { error: notADate });

const stringMap = z.record(z.string(), z.string());
const portNumber = z.number().refine((port) => Number.isInteger(port) && port >= 0 && port <= 65535, {
  error: (issue) => `must be an integer from 0 to 65535 (got ${describeValue(issue.input)})`,
});

const moduleRule = z.object({
  type: z.enum(SUPPORTED_RULE_TYPES, {
    error: (issue) =>
      PYTHON_RULE_TYPES.includes(issue.input)
        ? `is ${JSON.stringify(issue.input)}, but Outpost does not support Python Workers`
        : undefined,
  }),
  globs: z.array(z.string()),
  fallthrough: z.boolean().optional(),
});

const assets = z.object({
  directory: z.string().optional(),
  binding: z.string().optional(),
  html_handling: z.enum(["auto-trailing-slash", "force-trailing-slash", "drop-trailing-slash", "none"]).optional(),
  not_found_handling: z.enum(["single-page-application", "404-page", "none"]).optional(),
  run_worker_first: z
    .union([z.boolean(), z.array(z.string())], {
      error: (issue) =>
        `must be true, false or an array of route patterns (got ${describeValue(issue.input)})`,
    })
    .optional(),
});

/** A route as wrangler takes it: a pattern, or an object naming its zone or marking a custom domain. */
const route = z.union(
  [z.string(), z.object({ pattern: z.string(), zone_id: z.string().optional(), zone_name: z.string().optional(), custom_domain: z.boolean().optional() })],
  { error: (issue) => `must be a route pattern, or an object with a string \`pattern\` (got ${describeValue(issue.input)})` },
);

const kvNamespace = z.object({
  binding: z.string(),
  id: z.string().optional(),
  preview_id: z.string().optional(),
});

const d1Database = z.object({
  binding: z.string(),
  database_name: z.string().optional(),
  database_id: z.string().optional(),
  preview_database_id: z.string().optional(),
  migrations_dir: z.string().optional(),
  migrations_table: z.string().optional(),
});

const durableObjects = z.object({
  bindings: z
    .array(
      z.object({
        name: z.string(),
        class_name: z.string(),
        script_name: z.string().optional(),
      }),
    )
    .optional(),
});

const migration = z.object({
  tag: z.string(),
  new_classes: z.array(z.string()).optional(),
  new_sqlite_classes: z.array(z.string()).optional(),
  renamed_classes: z.array(z.object({ from: z.string(), to: z.string() })).optional(),
  deleted_classes: z.array(z.string()).optional(),
});

/** The states in which an `exports` entry is a class of this worker, as wrangler reads them. */
const LIVE_EXPORT_STATES = new Set([undefined, "created", "expecting-transfer"]);

/**
 * A Durable Object entry of `exports`, wrangler's declarative alternative to `migrations`: a live
 * class (`created`, the default, or `expecting-transfer`), which names its storage, or a tombstone
 * (`deleted`, `renamed`, `transferred`).
 */
const exportedDurableObject = z
  .object({
    type: z.literal("durable-object"),
    state: z.enum(["created", "expecting-transfer", "deleted", "renamed", "transferred"]).optional(),
    storage: z.enum(["sqlite", "legacy-kv"]).optional(),
    renamed_to: z.string().optional(),
    transferred_to: z.string().optional(),
    transfer_from: z.string().optional(),
    container: z.string().optional(),
  })
  .refine((entry) => entry.state !== "renamed" || entry.renamed_to !== undefined, { error: "is renamed, so it needs renamed_to: the class it became" })
  .refine((entry) => !LIVE_EXPORT_STATES.has(entry.state) || entry.storage !== undefined, { error: 'is a live class, so it needs storage: "sqlite" or "legacy-kv"' });

/** A Worker or Workflow entry of `exports`: settings Cloudflare applies at deploy, none of which `outpost dev` uses. */
const exportedEntrypoint = z.looseObject({ type: z.enum(["worker", "workflow"]) });

const EXPORT_TYPES = ["durable-object", "worker", "workflow"];

const exportedClass = z.discriminatedUnion("type", [exportedDurableObject, exportedEntrypoint], {
  error: ({ input }) =>
    typeof input === "object" && input !== null
      ? `must be one of ${EXPORT_TYPES.map((type) => JSON.stringify(type)).join(", ")} (got ${describeValue((input as { type?: unknown }).type)})`
      : `must be an object (got ${describeValue(input)})`,
});

const queues = z.object({
  producers: z.array(z.object({ binding: z.string(), queue: z.string(), delivery_delay: z.number().int().min(0).optional() })).optional(),
  consumers: z
    .array(
      z.object({
        queue: z.string(),
        type: z.enum(["worker", "http_pull"]).optional(),
        max_batch_size: z.number().int().min(1).max(100).optional(),
        max_batch_timeout: z.number().min(0).max(60).optional(),
        max_retries: z.number().int().min(0).max(100).optional(),
        dead_letter_queue: z.string().optional(),
        retry_delay: z.number().int().min(0).max(43200).optional(),
        max_concurrency: z.number().int().min(1).max(250).optional(),
        visibility_timeout_ms: z.number().int().min(1).max(43_200_000).optional(),
      }),
    )
    .optional(),
});

const r2Bucket = z.object({
  binding: z.string(),
  bucket_name: z.string().optional(),
  preview_bucket_name: z.string().optional(),
  jurisdiction: z.string().optional(),
});

const workflow = z.object({
  name: z.string(),
  binding: z.string(),
  class_name: z.string(),
  script_name: z.string().optional(),
});

const stateMachine = z.object({
  name: z.string(),
  definition: z.string(),
  type: z.enum(["STANDARD", "EXPRESS"]).optional(),
  binding: z.string().optional(),
});

const customBuild = z.object({
  command: z.string().optional(),
  cwd: z.string().optional(),
  watch_dir: z.union([z.string(), z.array(z.string())]).optional(),
});

const wholeNumberAboveZero = (issue: { input: unknown }) => `must be a whole number above 0 (got ${describeValue(issue.input)})`;

const rateLimit = z.object({
  name: z.string(),
  namespace_id: z.string(),
  simple: z.object({
    limit: z.number({ error: wholeNumberAboveZero }).refine((limit) => Number.isInteger(limit) && limit > 0, { error: wholeNumberAboveZero }),
    period: z.literal([10, 60]),
  }),
});

/**
 * One of `unsafe.bindings`, which wrangler passes on as it is written. Outpost runs the `ratelimit`
 * kind, the way rate limiters were configured before `ratelimits`, and checks it as one, taking a
 * numeric `namespace_id` as the API does.
 */
const unsafeBinding = z.looseObject({ name: z.string(), type: z.string() }).superRefine((binding, context) => {
  if (binding.type !== "ratelimit") return;
  const namespaceId = typeof binding.namespace_id === "number" ? String(binding.namespace_id) : binding.namespace_id;
  const checked = rateLimit.safeParse({ ...binding, namespace_id: namespaceId }, { error: issueMessage });
  for (const issue of checked.error?.issues ?? []) context.addIssue({ code: "custom", message: issue.message, path: issue.path });
});

const serviceBinding = z.object({
  binding: z.string(),
  service: z.string(),
  entrypoint: z.string().optional(),
  props: z.record(z.string(), z.unknown()).optional(),
});

export const workerFieldsSchema = z.object({
  name: z.string().optional(),
  main: z.string().optional(),
  compatibility_date: compatibilityDate.optional(),
  compatibility_flags: z.array(z.string()).optional(),
  vars: z.record(z.string(), z.unknown()).optional(),
  define: stringMap.optional(),
  alias: stringMap.optional(),
  rules: z.array(moduleRule).optional(),
  no_bundle: z.boolean().optional(),
  find_additional_modules: z.boolean().optional(),
  preserve_file_names: z.boolean().optional(),
  base_dir: z.string().optional(),
  jsx_factory: z.string().optional(),
  jsx_fragment: z.string().optional(),
  tsconfig: z.string().optional(),
  keep_names: z.boolean().optional(),
  minify: z.boolean().optional(),
  build: customBuild.optional(),
  assets: assets.optional(),
  services: z.array(serviceBinding).optional(),
  kv_namespaces: z.array(kvNamespace).optional(),
  r2_buckets: z.array(r2Bucket).optional(),
  d1_databases: z.array(d1Database).optional(),
  durable_objects: durableObjects.optional(),
  migrations: z.array(migration).optional(),
  exports: z.record(z.string(), exportedClass).optional(),
  queues: queues.optional(),
  workflows: z.array(workflow).optional(),
  state_machines: z.array(stateMachine).optional(),
  version_metadata: z.object({ binding: z.string() }).optional(),
  ratelimits: z.array(rateLimit).optional(),
  unsafe: z.object({ bindings: z.array(unsafeBinding).optional() }).optional(),
  analytics_engine_datasets: z.array(z.object({ binding: z.string(), dataset: z.string().optional() })).optional(),
  send_email: z
    .array(
      z
        .object({
          name: z.string(),
          destination_address: z.string().optional(),
          allowed_destination_addresses: z.array(z.string()).optional(),
          allowed_sender_addresses: z.array(z.string()).optional(),
        })
        .refine((binding) => binding.destination_address === undefined || binding.allowed_destination_addresses === undefined, {
          error: "may set destination_address or allowed_destination_addresses, not both",
        }),
    )
    .optional(),
  tail_consumers: z.array(z.object({ service: z.string(), environment: z.string().optional() })).optional(),
  site: z
    .object({
      bucket: z.string(),
      include: z.array(z.string()).optional(),
      exclude: z.array(z.string()).optional(),
    })
    .optional(),
  pipelines: z
    .array(
      z
        .object({ binding: z.string(), stream: z.string().optional(), pipeline: z.string().optional() })
        .refine((binding) => binding.stream !== undefined || binding.pipeline !== undefined, { error: "needs the stream it sends to, in stream" }),
    )
    .optional(),
  dispatch_namespaces: z.array(z.object({ binding: z.string(), namespace: z.string() })).optional(),
  worker_loaders: z.array(z.object({ binding: z.string() })).optional(),
  images: z.object({ binding: z.string() }).optional(),
  secrets: z.object({ required: z.array(z.string()).optional() }).optional(),
  secrets_store_secrets: z.array(z.object({ binding: z.string(), store_id: z.string(), secret_name: z.string() })).optional(),
  route: route.optional(),
  routes: z.array(route).optional(),
  dev: z
    .object({
      ip: z.string().optional(),
      local_protocol: z.enum(["http", "https"]).optional(),
      host: z.string().optional(),
      upstream_protocol: z.enum(["http", "https"]).optional(),
      port: portNumber.optional(),
      inspector_port: portNumber.optional(),
    })
    .optional(),
  hyperdrive: z.array(z.object({ binding: z.string(), id: z.string(), localConnectionString: z.string().optional() })).optional(),
  triggers: z.object({ crons: z.array(z.string()).optional() }).optional(),
  wasm_modules: stringMap.optional(),
  text_blobs: stringMap.optional(),
  data_blobs: stringMap.optional(),
});

export type WorkerFields = z.infer<typeof workerFieldsSchema>;

/** Whether `text` is a real day written YYYY-MM-DD. */
export function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
