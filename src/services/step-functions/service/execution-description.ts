import type { HistoryEvent } from "../asl/execution/history-events.js";
import type { ExecutionRecord, ExecutionStatus } from "./sfn-store.js";

/** DescribeExecution's answer. */
export interface DescribeExecutionOutput {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  startDate: Date;
  stopDate?: Date;
  input: string;
  output?: string;
  error?: string;
  cause?: string;
}

export function descriptionOf(r: ExecutionRecord): DescribeExecutionOutput {
  return {
    executionArn: r.arn,
    stateMachineArn: r.machineArn,
    name: r.name,
    status: r.status,
    startDate: new Date(r.startDate),
    ...(r.stopDate !== null && { stopDate: new Date(r.stopDate) }),
    input: r.input,
    ...(r.output !== null && { output: r.output }),
    ...(r.error !== null && { error: r.error }),
    ...(r.cause !== null && { cause: r.cause }),
  };
}

/** An event without its `input`/`output` payloads (`includeExecutionData: false`). */
export function withoutData(event: HistoryEvent): HistoryEvent {
  const copy: HistoryEvent = { ...event };
  for (const [key, value] of Object.entries(event)) {
    if (key.endsWith("EventDetails") && value && typeof value === "object") {
      const { input: _input, output: _output, inputDetails: _i, outputDetails: _o, ...rest } = value as Record<string, unknown>;
      copy[key] = rest;
    }
  }
  return copy;
}
