import type { BindingApiModule } from "../../runtime/index.js";

/** `get()` resolves to the secret's value, read afresh on each call, or rejects as `wrangler dev` does when there is none. */
function secretsStoreBindingSource(): string {
  return `export function secretsStoreBinding(name, fetcher) {
  return {
    async get() {
      const response = await fetcher.fetch("http://secrets-store/get");
      const text = await response.text();
      if (!response.ok) throw new Error(text);
      return text;
    },
  };
}
`;
}

/** The module that turns a worker's fetcher to the Secrets Store service into the binding's API. */
export const secretsStoreApi: BindingApiModule = { name: "__outpost_secrets_store.js", source: secretsStoreBindingSource, exportName: "secretsStoreBinding" };
