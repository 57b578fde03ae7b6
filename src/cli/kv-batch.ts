import { KvNamespace, type KvStorage } from "../services/kv/index.js";
import { kvCall, type KvOperation } from "./kv-call.js";

/** Storage that keeps nothing: a namespace over it only checks each operation with KV's own rules. */
const DISCARDING_STORAGE: KvStorage = {
  receive: async (chunks) => {
    let byteLength = 0;
    for await (const chunk of chunks) byteLength += chunk.byteLength;
    return { byteLength, discard: async () => {} };
  },
  read: (_namespace, keys) => keys.map(() => null),
  write: async () => {},
  delete: async () => {},
  list: () => [],
  namespaces: () => [],
  purgeExpired: () => 0,
  close: () => {},
};

export interface KvBatch<Item> {
  operation: KvOperation;
  /** The file the items came from; a refusal names `<file>[<index>]`. */
  file: string;
  items: readonly Item[];
  run(namespace: KvNamespace, item: Item): Promise<void>;
}

/**
 * Runs every item of a batch against `namespace`, after a dry run that checks them all, so a batch
 * KV would refuse in part writes nothing. The items run concurrently, so their writes share commits.
 */
export async function runKvBatch<Item>(namespace: KvNamespace, batch: KvBatch<Item>): Promise<void> {
  for (const target of [new KvNamespace(namespace.id, DISCARDING_STORAGE), namespace]) {
    // Settle every write before reporting a failure: the store must not close under pending ones.
    const results = await Promise.allSettled(
      batch.items.map((item, index) => kvCall(batch.operation, () => batch.run(target, item), `${batch.file}[${index}]`)),
    );
    const failure = results.find((result) => result.status === "rejected");
    if (failure !== undefined) throw failure.reason;
  }
}
