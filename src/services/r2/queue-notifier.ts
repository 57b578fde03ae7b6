import type { R2Event } from "./events.js";
import { notificationMessage, ruleMatches } from "./notification-rules.js";
import type { Clock, R2Store } from "./store.js";

/** Sends one JSON message to a queue, as a producer binding would. */
export type SendToQueue = (queue: string, body: unknown) => Promise<unknown>;

/**
 * Delivers R2 event notifications: each completed mutation, from the binding or the S3 API, is
 * matched against its bucket's rules and sent to every matching rule's queue in R2's shape.
 */
export function notifyQueues(store: R2Store, send: SendToQueue, onError: (error: unknown) => void, clock: Clock = Date): void {
  store.onEvent((event: R2Event) => {
    const rules = store.notificationRules(event.bucket).filter((rule) => ruleMatches(rule, event));
    if (rules.length === 0) return;
    const message = notificationMessage(event, new Date(clock.now()));
    for (const queue of new Set(rules.map((rule) => rule.queue))) send(queue, message).catch(onError);
  });
}
