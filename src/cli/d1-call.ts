import { D1Error } from "../services/d1/index.js";
import { D1CommandError } from "./d1-command-error.js";

/** Runs D1 work, reporting a refusal as {@link d1Refusal} words it. */
export async function d1Call<T>(run: () => Promise<T>, subject?: string): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw error instanceof D1Error ? d1Refusal(error, subject) : error;
  }
}

/** D1's refusal as a worker's binding reports it, `D1_ERROR: <message>`, after `subject` (`schema.sql`) when given. */
export function d1Refusal(error: D1Error, subject?: string): D1CommandError {
  const failure = `D1_ERROR: ${error.message}`;
  return new D1CommandError("ERR_D1_REFUSED", subject === undefined ? failure : `${subject}: ${failure}`, { cause: error });
}
