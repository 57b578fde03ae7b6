import type { SecretsStoreSecretBinding } from "../../config/index.js";
import { wrappedServiceBindings, type WrappedBindings } from "../../runtime/index.js";
import { secretsStoreApi } from "./binding-source.js";

/** The service name Secrets Store binding requests carry to Outpost's service host. */
export const SECRETS_STORE_SERVICE = "secrets-store";
/** The store and the name of the secret a binding reads. */
export const STORE_ID_HEADER = "x-outpost-secrets-store-id";
export const SECRET_NAME_HEADER = "x-outpost-secret-name";

/** A fetcher to the Secrets Store service per secret binding, wrapped into the binding's API in the isolate. */
export function secretsStoreBindings(secrets: readonly SecretsStoreSecretBinding[]): WrappedBindings {
  return wrappedServiceBindings(
    SECRETS_STORE_SERVICE,
    secretsStoreApi,
    secrets.map(({ binding, store_id, secret_name }) => ({
      name: binding,
      resource: `${store_id}:${secret_name}`,
      headers: { [STORE_ID_HEADER]: store_id, [SECRET_NAME_HEADER]: secret_name },
    })),
  );
}
