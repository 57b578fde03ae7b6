export { DISPATCH_NAMESPACE_MODULE, dispatchNamespaceSource } from "./namespace-module.js";
export { dispatchNamespaceBindings } from "./plugin.js";
