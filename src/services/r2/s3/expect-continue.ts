import type { IncomingMessage, ServerResponse } from "node:http";

/** Whether the client is sending, or will send, its request's body. */
export interface BodyExpectation {
  readonly coming: boolean;
}

/** A request without `Expect: 100-continue`: its body comes whatever the answer. */
export const BODY_COMING: BodyExpectation = { coming: true };

/**
 * Answers a request's `Expect: 100-continue` only once its body is first read, so a request refused
 * before then (a bad signature, a missing bucket) gets its final answer without the client sending
 * the body. Clients that expect 100 Continue (the AWS SDK, for bodies over 2 MiB) also ask to close
 * the connection after the request, so an answer while the body is still arriving would close the
 * socket under it and the client would see a reset instead of the error.
 */
export function continueOnFirstRead(incoming: IncomingMessage, response: ServerResponse): BodyExpectation {
  const expectation = { coming: false };
  const answer = (): void => {
    if (expectation.coming) return;
    expectation.coming = true;
    incoming.off("newListener", onListener);
    if (!response.headersSent) response.writeContinue();
  };
  const onListener = (event: string | symbol): void => {
    if (event === "data" || event === "readable") answer();
  };
  incoming.on("newListener", onListener);
  incoming.once("resume", answer);
  return expectation;
}
