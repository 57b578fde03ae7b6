export { SECRETS_STORE_SERVICE, secretsStoreBindings } from "./plugin.js";
export { SecretStore, type SecretInfo } from "./secret-store.js";
export { serveSecretRequest } from "./serve-secret-request.js";
