import { InvalidArgumentError } from "commander";

/** Parses `--port`: an integer from 0 (any free port) to 65535. */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) {
    throw new InvalidArgumentError(`--port must be an integer from 0 to 65535 (got "${value}").`);
  }
  return port;
}

/** Collects repeated `--var KEY:VALUE` options; the value may itself contain colons. */
export function collectVar(value: string, vars: Record<string, string>): Record<string, string> {
  const separator = value.indexOf(":");
  if (separator <= 0) throw new InvalidArgumentError(`--var must look like KEY:VALUE (got "${value}").`);
  return { ...vars, [value.slice(0, separator)]: value.slice(separator + 1) };
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
