import path from "node:path";
import { bundleWorker } from "../bundler/index.js";
import { assetsDefinition } from "./assets-definition.js";
import { checkExportedClasses } from "./exported-classes.js";
import { checkWorkerFormat, serviceWorkerBlobs } from "./service-worker-globals.js";
import { withoutRedundantNodejsCompatFlags, type LoadedProject } from "../config/index.js";
import type { BindingDefinition, Upstream, WorkerDefinition } from "../runtime/index.js";
import { d1Bindings } from "../services/d1/index.js";
import { durableObjectDefinitions, removeDeletedClasses } from "../services/durable-objects/index.js";
import { kvBindings, kvCache, siteDefinition } from "../services/kv/index.js";
import { queueBindings } from "../services/queues/index.js";
import { workflowBindings, workflowSteps } from "../services/workflows/index.js";
import { r2Bindings } from "../services/r2/index.js";
import { imagesBindings } from "../services/images/index.js";
import { stateMachineBindings } from "../services/step-functions/index.js";
import { rateLimitBindings } from "../services/ratelimit/index.js";
import { hyperdriveBindings, type DatabaseTlsProxies } from "../services/hyperdrive/index.js";
import { analyticsEngineBindings } from "../services/analytics-engine/index.js";
import { secretsStoreBindings } from "../services/secrets-store/index.js";
import { pipelineBindings } from "../services/pipelines/index.js";
import { dispatchNamespaceBindings } from "../services/dispatch-namespaces/index.js";
import { EMAIL_TRIGGER_EXPORT, EMAIL_TRIGGER_MODULE, EMAIL_TRIGGER_PATH, emailModules, sendEmailBindings } from "../services/email/index.js";
import { ISOLATE_BYTES_MODULE, isolateBytesSource, newestCompatibilityDate } from "../runtime/index.js";

export interface WorkerDefinitionContext {
  /** Bind each KV namespace's `preview_id` instead of its `id`. */
  preview: boolean;
  /** A directory for this build's output. */
  outDir: string;
  persistTo: string;
  /** Every worker this `outpost dev` runs, by name. */
  workerNames: readonly string[];
  /** Where Hyperdrive bindings to databases over TLS connect. */
  databaseProxies: DatabaseTlsProxies;
  warn: (message: string) => void;
  /** The URL a client's request is rewritten to, for the served worker. */
  upstream?: Upstream;
  /** What `version_metadata` tells the named worker about this deployment. */
  versionOf: (worker: string) => VersionMetadata;
  /** Whether a debugger may attach: the bundle then carries its source map. */
  debuggable: boolean;
}

/** The running deployment, as a `version_metadata` binding gives it. */
export interface VersionMetadata {
  id: string;
  tag: string;
  timestamp: string;
}

/**
 * Builds a project's code and turns its config into what workerd runs. Stored Durable Objects of
 * classes a migration deleted are removed on the way.
 */
export async function defineWorker(project: LoadedProject, context: WorkerDefinitionContext): Promise<WorkerDefinition> {
  const { config } = project;
  const { outDir, warn } = context;
  const durableObjects = durableObjectDefinitions(config, warn);
  await removeDeletedClasses(context.persistTo, config.name, durableObjects.deletedKeys);
  const date = compatibilityDate(config.compatibility_date, warn);
  const bundle =
    config.main === undefined
      ? undefined
      : await bundleWorker({
          main: config.main,
          baseDir: config.base_dir,
          projectDir: project.projectDir,
          outDir: path.join(outDir, config.name),
          compatibilityDate: date,
          compatibilityFlags: config.compatibility_flags,
          define: config.define,
          alias: config.alias,
          rules: config.rules,
          noBundle: config.no_bundle,
          findAdditionalModules: config.find_additional_modules,
          preserveFileNames: config.preserve_file_names,
          jsxFactory: config.jsx_factory,
          jsxFragment: config.jsx_fragment,
          tsconfig: config.tsconfig,
          keepNames: config.keep_names,
          minify: config.minify,
          inlineSourceMap: context.debuggable,
          warn,
        });
  if (bundle !== undefined) {
    checkExportedClasses(config, bundle, project.projectDir);
    checkWorkerFormat(config, bundle, path.basename(project.configName));
  }
  const blobs = serviceWorkerBlobs(config);
  bundle?.modules.push(...blobs.modules);
  let siteBindings: BindingDefinition[] = [];
  if (bundle !== undefined && config.site !== undefined) {
    const site = await siteDefinition(config.site, path.join(outDir, config.name));
    bundle.modules.push(site.manifestModule);
    siteBindings = site.bindings;
  }
  const wrapped = [
    stateMachineBindings(config),
    rateLimitBindings(config.ratelimits),
    analyticsEngineBindings(config.analytics_engine_datasets),
    secretsStoreBindings(config.secrets_store_secrets),
    sendEmailBindings(config.send_email),
    pipelineBindings(config.pipelines),
  ];
  return {
    name: config.name,
    compatibilityDate: date,
    compatibilityFlags: withoutRedundantNodejsCompatFlags(date, config.compatibility_flags),
    bundle,
    serviceWorkerGlobals: blobs.globals,
    bindings: [
      ...bindings(project, context),
      ...(await hyperdriveBindings(config.hyperdrive, process.env, path.basename(project.configName), context.databaseProxies)),
      ...siteBindings,
      ...imagesBindings(config.images),
      ...durableObjects.bindings,
      ...wrapped.flatMap((binding) => binding.bindings),
    ],
    ...isolateModules(config.kv_namespaces, wrapped),
    tails: config.tail_consumers.map(({ service }) => service),
    emailTrigger: { module: EMAIL_TRIGGER_MODULE, exportName: EMAIL_TRIGGER_EXPORT, path: EMAIL_TRIGGER_PATH },
    durableObjectNamespaces: durableObjects.namespaces,
    assets: await assetsDefinition(config.assets),
    upstream: context.upstream,
  };
}

/**
 * The modules Outpost adds to the worker's isolate: the bytes helpers the binding modules share,
 * KV's read cache, Workflows' steps, email's `email()` trigger, and the APIs of bindings wrapped in the isolate (Step Functions, rate
 * limiters, Analytics Engine, Secrets Store, `send_email`, Pipelines).
 */
function isolateModules(
  namespaces: Parameters<typeof kvCache>[0],
  wrapped: readonly Pick<WorkerDefinition, "internalModules" | "bindingWrappers">[],
): Pick<WorkerDefinition, "internalModules" | "bindingWrappers" | "modulePatches"> {
  const kv = kvCache(namespaces);
  const steps = workflowSteps();
  return {
    internalModules: [
      { name: ISOLATE_BYTES_MODULE, source: isolateBytesSource() },
      ...kv.internalModules,
      ...steps.internalModules,
      ...emailModules(),
      ...wrapped.flatMap((binding) => binding.internalModules),
    ],
    bindingWrappers: [...kv.bindingWrappers, ...wrapped.flatMap((binding) => binding.bindingWrappers)],
    modulePatches: steps.modulePatches,
  };
}

/** Secrets from .dev.vars override the config's vars, as in wrangler. */
function bindings(project: LoadedProject, { preview, workerNames, versionOf }: WorkerDefinitionContext): BindingDefinition[] {
  const { config, secrets } = project;
  const vars = { ...config.vars, ...secrets };
  const values: BindingDefinition[] = Object.entries(vars).map(([name, value]) =>
    typeof value === "string" ? { name, kind: "text", value } : { name, kind: "json", value },
  );
  values.push(...workflowBindings(config.workflows));
  values.push(...kvBindings(config.kv_namespaces, { preview, source: project.configName }), ...r2Bindings(config.r2_buckets), ...d1Bindings(config.d1_databases), ...queueBindings(config.queues.producers));
  values.push(...dispatchNamespaceBindings(config.dispatch_namespaces, workerNames.filter((name) => name !== config.name)));
  values.push(...config.worker_loaders.map(({ binding }): BindingDefinition => ({ name: binding, kind: "workerLoader" })));
  if (config.version_metadata !== undefined) {
    values.push({ name: config.version_metadata.binding, kind: "json", value: versionOf(config.name) });
  }
  for (const service of config.services) {
    values.push({ name: service.binding, kind: "service", service: service.service, entrypoint: service.entrypoint, props: service.props });
  }
  return values;
}

function compatibilityDate(date: string | undefined, warn: (message: string) => void): string {
  if (date === undefined) {
    warn(`No compatibility_date is set; using ${newestCompatibilityDate}, the newest this workerd supports. Set compatibility_date in your config, or pass --compatibility-date.`);
    return newestCompatibilityDate;
  }
  if (date > newestCompatibilityDate) {
    warn(`compatibility_date ${date} is newer than this workerd supports; using ${newestCompatibilityDate}.`);
    return newestCompatibilityDate;
  }
  return date;
}
