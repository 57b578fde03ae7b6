import type { BindingApiModule } from "../../../runtime/index.js";

/**
 * Source of the binding module: `env.<BINDING>` becomes an object whose methods post to Outpost's
 * Step Functions service. An error the service answers is thrown with AWS's error name and message.
 */
function sfnBindingSource(): string {
  return `async function call(fetcher, method, body) {
  const response = await fetcher.fetch("http://step-functions/" + method, { method: "POST", body: JSON.stringify(body) });
  const answer = await response.json();
  if (answer.error !== undefined) throw Object.assign(new Error(answer.error.message), { name: answer.error.name });
  return answer.result;
}

function dated(result) {
  for (const key of ["startDate", "stopDate"]) if (typeof result[key] === "string") result[key] = new Date(result[key]);
  return result;
}

function json(value, what) {
  if (value === undefined) return undefined;
  const text = JSON.stringify(value);
  if (text === undefined) throw new TypeError(what + " must be a JSON value");
  return text;
}

export function stateMachineBinding(name, fetcher) {
  return {
    start: (input, options = {}) => call(fetcher, "start", { input: json(input ?? {}, "input"), name: options.name }).then(dated),
    startSync: (input, options = {}) => call(fetcher, "startSync", { input: json(input ?? {}, "input"), name: options.name }).then(dated),
    describe: (executionArn) => call(fetcher, "describe", { executionArn }).then(dated),
    stop: (executionArn, options = {}) => call(fetcher, "stop", { executionArn, error: options.error, cause: options.cause }).then(dated),
    sendTaskSuccess: (taskToken, output) => call(fetcher, "sendTaskSuccess", { taskToken, output: json(output ?? {}, "output") }),
    sendTaskFailure: (taskToken, error, cause) => call(fetcher, "sendTaskFailure", { taskToken, error, cause }),
    sendTaskHeartbeat: (taskToken) => call(fetcher, "sendTaskHeartbeat", { taskToken }),
  };
}
`;
}

/** Module of a worker that turns a fetcher to the Step Functions service into the binding's API. */
export const stateMachineApi: BindingApiModule = { name: "__outpost_step_functions.js", source: sfnBindingSource, exportName: "stateMachineBinding" };
