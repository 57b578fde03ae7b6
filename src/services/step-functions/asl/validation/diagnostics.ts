import type { DefinitionDiagnostic } from "../../errors.js";

/** Collects every problem of a definition, each at a JSON-pointer-like path. */
export class Diagnostics {
  readonly list: DefinitionDiagnostic[] = [];

  add(path: string, message: string, code = "SCHEMA_VALIDATION_FAILED"): void {
    this.list.push({ code, path, message });
  }
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

export function isInteger(v: unknown): v is number {
  return typeof v === "number" && Number.isInteger(v);
}
