import type { IncomingMessage, ServerResponse } from "node:http";
import { json } from "node:stream/consumers";
import { refuseUnknownCall, sendJson } from "../../../runtime/index.js";
import { OutpostError } from "../../../errors.js";
import { stateMachineArn } from "./arns.js";
import { SFN_MACHINE_HEADER } from "./plugin.js";
import type { StepFunctionsService } from "./step-functions-service.js";

type Body = { input?: string; name?: string; executionArn?: string; error?: string; cause?: string; taskToken?: string; output?: string };

const CALLS: Readonly<Record<string, (service: StepFunctionsService, machine: string, body: Body) => Promise<unknown>>> = {
  start: (s, machine, b) => s.startExecution({ stateMachineArn: stateMachineArn(machine), name: b.name, input: b.input }),
  startSync: (s, machine, b) => s.startSyncExecution({ stateMachineArn: stateMachineArn(machine), name: b.name, input: b.input }),
  describe: (s, _machine, b) => s.describeExecution({ executionArn: b.executionArn! }),
  stop: (s, _machine, b) => s.stopExecution({ executionArn: b.executionArn!, error: b.error, cause: b.cause }),
  sendTaskSuccess: (s, _machine, b) => s.sendTaskSuccess({ taskToken: b.taskToken!, output: b.output! }),
  sendTaskFailure: (s, _machine, b) => s.sendTaskFailure({ taskToken: b.taskToken!, error: b.error, cause: b.cause }),
  sendTaskHeartbeat: (s, _machine, b) => s.sendTaskHeartbeat({ taskToken: b.taskToken! }),
};

/** Answers a binding call `POST /<method>` with `{result}`, or `{error: {name, message}}` in AWS's terms. */
export async function serveSfnBindingRequest(service: StepFunctionsService, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const call = CALLS[(request.url ?? "/").slice(1)];
  if (request.method !== "POST" || call === undefined) {
    return refuseUnknownCall("Step Functions", request, response);
  }
  const body = (await json(request)) as Body;
  let answer: unknown;
  try {
    answer = { result: (await call(service, String(request.headers[SFN_MACHINE_HEADER]), body)) ?? {} };
  } catch (error) {
    if (!(error instanceof OutpostError)) throw error;
    answer = { error: { name: error.code, message: error.message } };
  }
  sendJson(response, 200, answer);
}
