import type { Json } from "../definition-types.js";
import { expectString, IntrinsicArgumentError, typeName, type IntrinsicFunction } from "./intrinsic-function.js";

export const stringIntrinsics: Record<string, IntrinsicFunction> = {
  "States.Format": {
    minArgs: 1,
    maxArgs: Infinity,
    call([template, ...values], _env, formatParts) {
      const parts = formatParts ?? expectString("States.Format", 1, template!).split("{}");
      if (parts.length - 1 !== values.length) {
        throw new IntrinsicArgumentError(
          `States.Format: the template has ${parts.length - 1} placeholders but ${values.length} arguments were given`,
        );
      }
      let out = parts[0]!;
      values.forEach((v, i) => {
        out += formatValue(v, i + 2) + parts[i + 1]!;
      });
      return out;
    },
  },
  "States.StringSplit": {
    minArgs: 2,
    maxArgs: 2,
    call([text, delimiters]) {
      const s = expectString("States.StringSplit", 1, text!);
      const d = new Set(expectString("States.StringSplit", 2, delimiters!));
      const out: string[] = [];
      let token = "";
      for (const c of s) {
        if (d.has(c)) {
          if (token) out.push(token);
          token = "";
        } else token += c;
      }
      if (token) out.push(token);
      return out;
    },
  },
  "States.UUID": { minArgs: 0, maxArgs: 0, call: (_args, env) => env.uuid() },
};

function formatValue(v: Json, position: number): string {
  if (v !== null && typeof v === "object") {
    throw new IntrinsicArgumentError(`States.Format: argument ${position} must be a string, number, boolean or null, got ${typeName(v)}`);
  }
  return typeof v === "string" ? v : String(v);
}
