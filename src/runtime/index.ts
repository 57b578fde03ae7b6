export { ListenSocket, ListenSocketError } from "./listen-socket.js";
export type { ListenSocketErrorCode } from "./listen-socket.js";
export { WorkerdSupervisor } from "./supervisor.js";
export type { Deployment } from "./supervisor.js";
export { WorkerdStartError } from "./workerd-process.js";
export type { WorkerdState, WorkerdStartErrorCode } from "./workerd-process.js";
export { writeWorkerdConfig } from "./workerd-config.js";
export type { AssetsDefinition, BindingDefinition, WorkerDefinition, WorkerdConfigOptions } from "./workerd-config.js";
export { newestCompatibilityDate, workerdVersion } from "./workerd-binary.js";
