import type { EngineStore, InboxEvent, InstanceKey, InstanceRecord } from "./engine-store.js";
import { EngineError } from "./errors.js";
import { assertTransition, FINISHED_STATUSES } from "./instance-status.js";

/**
 * The lifecycle operations on a stored instance, shared by the running engine and by the CLI
 * (which then leaves a notice for the engine). Each is one durable transaction and answers the
 * record as it left it.
 */
export const instanceLifecycle = {
  /** Queued and waiting instances pause at once; a running one pauses when its run next reaches the engine. */
  pause(store: EngineStore, key: InstanceKey, now: number): Promise<InstanceRecord> {
    return change(store, key, now, (record) => {
      if (record.status === "running") return to(record, "waitingForPause");
      if (record.status === "queued" || record.status === "waiting") return { ...to(record, "paused"), pausedAt: now };
      return undefined;
    });
  },

  /** Waits of a paused instance resume with the time they had left. */
  async resume(store: EngineStore, key: InstanceKey, now: number): Promise<InstanceRecord> {
    return change(store, key, now, (record) => {
      if (record.status === "waitingForPause") return to(record, "running");
      if (record.status !== "paused") {
        throw new EngineError("ERR_CANNOT_RESUME", `Cannot resume instance with status "${record.status}"`, key.id, record.status);
      }
      const shift = now - (record.pausedAt ?? now);
      // An event that came while it was paused wakes it now.
      const wakeAt = record.wakeAt === null || store.hasEvent(key, record.wakesOn) ? null : record.wakeAt + shift;
      return { ...to(record, wakeAt === null ? "queued" : "waiting"), wakeAt, pausedAt: null, shiftDeadlines: { after: record.pausedAt ?? now, by: shift } };
    });
  },

  terminate(store: EngineStore, key: InstanceKey, now: number): Promise<InstanceRecord> {
    return change(store, key, now, (record) => {
      if (FINISHED_STATUSES.has(record.status)) {
        throw new EngineError("ERR_CANNOT_TERMINATE", "Cannot terminate instance since its on a finite state", key.id, record.status);
      }
      return { ...to(record, "terminated"), wakeAt: null, wakesOn: [] };
    });
  },

  async restart(store: EngineStore, key: InstanceKey, now: number): Promise<InstanceRecord> {
    existing(store, key);
    return store.restart(key, now);
  },

  /** Stores the event; a waiting instance that waits for its type is queued to take it. */
  async sendEvent(store: EngineStore, key: InstanceKey, event: InboxEvent, now: number): Promise<InstanceRecord> {
    existing(store, key);
    await store.sendEvent(key, event);
    return change(store, key, now, (record) =>
      record.status === "waiting" && record.wakesOn.includes(event.type) ? { ...to(record, "queued"), wakeAt: null, wakesOn: [] } : undefined,
    );
  },
};

/** The instance, or the engine's not-found error. */
export function existing(store: EngineStore, key: InstanceKey): InstanceRecord {
  const record = store.instance(key);
  if (record === undefined) throw new EngineError("ERR_INSTANCE_NOT_FOUND", `No instance "${key.id}" of "${key.namespace}".`, key.id);
  return record;
}

function to(record: InstanceRecord, status: InstanceRecord["status"]): Partial<InstanceRecord> {
  assertTransition(record.status, status);
  return { status };
}

async function change(
  store: EngineStore,
  key: InstanceKey,
  now: number,
  decide: (record: InstanceRecord) => (Partial<InstanceRecord> & { shiftDeadlines?: { after: number; by: number } }) | undefined,
): Promise<InstanceRecord> {
  existing(store, key);
  const updated = await store.update(key, decide, now);
  if (updated === undefined) existing(store, key);
  return updated!;
}
