export { durableObjectDefinitions, durableObjectDirectory, removeDeletedClasses } from "./plugin.js";
export type { DurableObjectDefinitions } from "./plugin.js";
export { resolveClasses } from "./class-storage.js";
export type { ClassStorage, ResolvedClasses } from "./class-storage.js";
export { idFromName } from "./object-id.js";
