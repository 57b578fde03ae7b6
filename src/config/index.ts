export { loadProject } from "./load-project.js";
export type { LoadProjectOptions, LoadedProject } from "./load-project.js";
export type { ConfigOverrides } from "./config-overrides.js";
export { isCalendarDate } from "./schema.js";
export { nodejsCompatMode, withoutRedundantNodejsCompatFlags } from "./nodejs-compat.js";
export type { NodejsCompatMode } from "./nodejs-compat.js";
export { ConfigError } from "./config-error.js";
export type { ConfigErrorCode } from "./config-error.js";
export type { AssetsConfig, D1DatabaseBinding, DurableObjectBinding, DurableObjectMigration, ExportedClass, ExportedDurableObject,
  QueueConsumer,
  QueueProducer, AnalyticsEngineBinding, HyperdriveBinding, KvNamespaceBinding, R2BucketBinding, RateLimitBinding, SecretsStoreSecretBinding, SendEmailBinding, SiteConfig, PipelineBinding, DispatchNamespaceBinding, ModuleRule, ModuleRuleType, Route, ServiceBinding, StateMachineConfig, WorkerConfig, WorkflowBinding } from "./worker-config.js";
