import type { IncomingMessage, ServerResponse } from "node:http";
import type { SecretLookup } from "../../../aws-auth/index.js";
import type { Logger } from "../../../logging/logger.js";
import { SfnError } from "../service/sfn-error.js";
import { checkInput } from "./input-constraints.js";
import { isSfnAction, methodOf, SFN_ACTIONS, type SfnOperations } from "./operations.js";
import { ProtocolError } from "./protocol-error.js";
import { parseJsonObject, readBody } from "./request-body.js";
import { checkSignature } from "./signature-check.js";
import { sendError, sendOutput } from "./wire-response.js";

/** The X-Amz-Target prefix of every Step Functions action. */
const TARGET_PREFIX = "AWSStepFunctions.";

export interface SfnApiOptions {
  operations: SfnOperations;
  /** The access keys requests are signed with (`outpost r2 keys`). */
  secrets: SecretLookup;
  logger: Logger;
  /** @default () => new Date() */
  now?: () => Date;
}

/**
 * The AWS Step Functions API (awsJson1_0: `POST /`, `X-Amz-Target: AWSStepFunctions.<Action>`,
 * JSON both ways), for `@aws-sdk/client-sfn` and any other AWS SDK with its endpoint pointed here.
 */
export function sfnApiHandler(options: SfnApiOptions): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  const { operations, secrets, logger } = options;
  const now = options.now ?? (() => new Date());
  return async function serveSfnApi(request, response) {
    const target = String(request.headers["x-amz-target"] ?? "");
    try {
      const body = await readBody(request);
      checkSignature(request, body, secrets, now());
      const action = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : "";
      if (request.method !== "POST" || !isSfnAction(action)) {
        throw new ProtocolError(
          "UnknownOperationException",
          `Outpost's Step Functions API has no operation "${target}"; it serves POST with X-Amz-Target ${TARGET_PREFIX}<Action> for ${Object.keys(SFN_ACTIONS).join(", ")}.`,
        );
      }
      const input = parseJsonObject(body);
      checkInput(input, SFN_ACTIONS[action]);
      // checkInput has held the input to the action's members, which the method's parameter type names.
      const operation = operations[methodOf(action)].bind(operations) as (input: Record<string, unknown>) => Promise<unknown>;
      sendOutput(response, await operation(input));
    } catch (error) {
      if (error instanceof ProtocolError) sendError(response, error.status, error.code, error.message);
      else if (error instanceof SfnError) sendError(response, 400, error.code, error.message);
      else {
        logger.error(`Step Functions API ${target} failed: ${(error as Error)?.stack ?? String(error)}`);
        sendError(response, 500, "InternalFailure", "The request processing has failed because of an unknown error, exception or failure.");
      }
    }
  };
}
