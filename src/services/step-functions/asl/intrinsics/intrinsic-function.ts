import type { Json } from "../definition-types.js";

/** What intrinsics may take from the execution: randomness for `States.UUID`. */
export interface IntrinsicEnvironment {
  uuid(): string;
}

/** One `States.*` function: its argument count and its body, which throws `IntrinsicArgumentError`. */
export interface IntrinsicFunction {
  minArgs: number;
  maxArgs: number;
  call(args: Json[], env: IntrinsicEnvironment, formatParts?: string[]): Json;
}

export class IntrinsicArgumentError extends Error {}

export function typeName(v: Json): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

export function expectArray(name: string, position: number, v: Json): Json[] {
  if (!Array.isArray(v)) throw new IntrinsicArgumentError(`${name}: argument ${position} must be an array, got ${typeName(v)}`);
  return v;
}

export function expectString(name: string, position: number, v: Json): string {
  if (typeof v !== "string") throw new IntrinsicArgumentError(`${name}: argument ${position} must be a string, got ${typeName(v)}`);
  return v;
}

/** AWS rounds non-integer numbers to the nearest integer for integer arguments. */
export function expectInteger(name: string, position: number, v: Json): number {
  if (typeof v !== "number") throw new IntrinsicArgumentError(`${name}: argument ${position} must be a number, got ${typeName(v)}`);
  return Math.round(v);
}
