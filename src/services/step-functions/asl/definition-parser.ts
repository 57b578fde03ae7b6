import { parse as parseYaml } from "yaml";
import { InvalidDefinition, type DefinitionDiagnostic } from "../errors.js";
import type { StateMachineDefinition } from "./definition-types.js";
import { validateDefinition, type ValidationOptions } from "./validation/definition-validator.js";

function parseText(text: string): { value?: unknown; problem?: DefinitionDiagnostic } {
  try {
    return { value: JSON.parse(text) };
  } catch (jsonError) {
    if (/^\s*[{[]/.test(text)) {
      return { problem: { code: "INVALID_JSON_DESCRIPTION", path: "/", message: (jsonError as Error).message } };
    }
    try {
      return { value: parseYaml(text) };
    } catch (yamlError) {
      return { problem: { code: "INVALID_JSON_DESCRIPTION", path: "/", message: (yamlError as Error).message.split("\n")[0]! } };
    }
  }
}

/**
 * Parses a JSON or YAML definition and validates it. Throws `InvalidDefinition` listing every
 * problem.
 */
export function parseDefinition(text: string, options: ValidationOptions = {}): StateMachineDefinition {
  const { value, problem } = parseText(text);
  if (problem) throw new InvalidDefinition([problem]);
  const diagnostics = validateDefinition(value, options);
  if (diagnostics.length) throw new InvalidDefinition(diagnostics);
  return value as StateMachineDefinition;
}

/** The response of AWS's `ValidateStateMachineDefinition` for a definition text. */
export interface ValidateStateMachineDefinitionOutput {
  result: "OK" | "FAIL";
  diagnostics: { severity: "ERROR"; code: string; message: string; location: string }[];
  truncated: boolean;
}

export function validateStateMachineDefinition(text: string, options: ValidationOptions = {}): ValidateStateMachineDefinitionOutput {
  const { value, problem } = parseText(text);
  const found = problem ? [problem] : validateDefinition(value, options);
  return {
    result: found.length ? "FAIL" : "OK",
    diagnostics: found.map((p) => ({ severity: "ERROR", code: p.code, message: p.message, location: p.path })),
    truncated: false,
  };
}
