import type { Json } from "../asl/definition-types.js";
import type { TaskInvocationOptions } from "../asl/execution/task-invoker.js";
import { SfnError } from "./sfn-error.js";

interface TokenWait {
  resolve(output: Json): void;
  reject(failure: { error: string; cause: string }): void;
  heartbeat(): void;
}

/** The `.waitForTaskToken` Tasks waiting in this process, by token, until SendTask* answers them or they end. */
export class TaskTokens {
  readonly #waits = new Map<string, TokenWait>();

  /** Resolves with SendTaskSuccess's output, or rejects with SendTaskFailure's error and cause. */
  wait(token: string, options: TaskInvocationOptions): Promise<Json> {
    return new Promise((resolve, reject) => {
      const end = () => this.#waits.delete(token);
      options.signal.addEventListener("abort", end, { once: true });
      this.#waits.set(token, {
        resolve: (output) => (end(), resolve(output)),
        reject: (failure) => (end(), reject(failure)),
        heartbeat: () => options.heartbeat(),
      });
    });
  }

  /** The wait for `token`, or AWS's error for a malformed or unknown one. */
  get(token: string): TokenWait {
    if (typeof token !== "string" || token.length === 0 || token.length > 1024) throw new SfnError("InvalidToken", `Invalid Token: '${String(token)}'`);
    const wait = this.#waits.get(token);
    if (wait === undefined) throw new SfnError("TaskDoesNotExist", "Task Does Not Exist");
    return wait;
  }
}
