import { statSync } from "node:fs";
import path from "node:path";
import { InvalidArgumentError } from "commander";
import { isCalendarDate } from "../config/index.js";

/** Parses a port flag such as `--port`: an integer from 0 (any free port) to 65535. */
export function portNumber(flag: string): (value: string) => number {
  return (value) => {
    if (!/^\d+$/.test(value) || Number(value) > 65535) throw new InvalidArgumentError(`${flag} must be an integer from 0 to 65535 (got "${value}").`);
    return Number(value);
  };
}

/** Collects a repeatable `KEY:VALUE` option such as `--var`; the value may itself contain colons. */
export function collectPair(flag: string): (value: string, pairs: Record<string, string>) => Record<string, string> {
  return (value, pairs) => {
    const separator = value.indexOf(":");
    if (separator <= 0) throw new InvalidArgumentError(`${flag} must look like KEY:VALUE (got "${value}").`);
    return { ...pairs, [value.slice(0, separator)]: value.slice(separator + 1) };
  };
}

export function collectList(value: string, list: string[]): string[] {
  return [...list, value];
}

export function oneOf<T extends string>(flag: string, allowed: readonly T[]): (value: string) => T {
  return (value) => {
    if (!(allowed as readonly string[]).includes(value)) {
      throw new InvalidArgumentError(`${flag} must be one of ${allowed.join(", ")} (got "${value}").`);
    }
    return value as T;
  };
}

/** Parses a count such as `--count`: a whole number of at least 1. */
export function positiveCount(flag: string): (value: string) => number {
  return (value) => {
    if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError(`${flag} must be a whole number of at least 1 (got "${value}").`);
    return Number(value);
  };
}

/** Parses a count of seconds such as `--ttl`: digits only, kept as text for KV to judge as it judges a worker's. */
export function wholeSeconds(flag: string): (value: string) => string {
  return (value) => {
    if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`${flag} must be a whole number of seconds (got "${value}").`);
    return value;
  };
}

/** Parses an option whose value is JSON, returning it as compact JSON text. */
export function jsonText(flag: string): (value: string) => string {
  return (value) => {
    try {
      return JSON.stringify(JSON.parse(value));
    } catch (error) {
      throw new InvalidArgumentError(`${flag} is not JSON (${(error as Error).message}); give a JSON value, such as '{"owner":"ada"}'.`);
    }
  };
}

/** Parses a path option such as `--assets`: made absolute against the current directory, and naming a `kind` that exists. */
export function existingPath(flag: string, kind: "file" | "directory"): (value: string) => string {
  return (value) => {
    const resolved = path.resolve(value);
    const stats = statSync(resolved, { throwIfNoEntry: false });
    if (stats === undefined) throw new InvalidArgumentError(`${flag}: ${resolved} does not exist.`);
    if (stats.isDirectory() !== (kind === "directory")) throw new InvalidArgumentError(`${flag}: ${resolved} is not a ${kind}.`);
    return resolved;
  };
}

/** Parses a date option such as `--compatibility-date`: a real day written YYYY-MM-DD. */
export function calendarDate(flag: string): (value: string) => string {
  return (value) => {
    if (!isCalendarDate(value)) throw new InvalidArgumentError(`${flag} must be a date written YYYY-MM-DD (got "${value}").`);
    return value;
  };
}
