import { parse as parseJsonc, printParseErrorCode, type ParseError } from "jsonc-parser";
import { TomlError, parse as parseToml } from "smol-toml";
import { ConfigError } from "./config-error.js";

type ConfigFormat = "jsonc" | "toml";

/** wrangler reads `.toml` files as TOML and `.json`/`.jsonc` files as JSON with comments. */
export function configFormatOf(file: string): ConfigFormat | undefined {
  if (file.endsWith(".toml")) return "toml";
  if (file.endsWith(".json") || file.endsWith(".jsonc")) return "jsonc";
  return undefined;
}

/** Parses the text of `file` by its extension; `configName` is how messages name the file. */
export function parseConfigText(text: string, file: string, configName: string): unknown {
  return configFormatOf(file) === "toml" ? parseTomlText(text, configName) : parseJsoncText(text, configName);
}

function parseJsoncText(text: string, configName: string): unknown {
  const errors: ParseError[] = [];
  const value: unknown = parseJsonc(text, errors, { allowTrailingComma: true, disallowComments: false });
  const [first] = errors;
  if (first) {
    const { line, column } = lineAndColumnAt(text, first.offset);
    throw syntaxError(text, configName, line, column, inWords(printParseErrorCode(first.error)));
  }
  return value;
}

function parseTomlText(text: string, configName: string): unknown {
  try {
    return parseToml(text);
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    // smol-toml's message is "Invalid TOML document: <reason>" followed by its own excerpt.
    const reason = (error.message.split("\n")[0] ?? "").replace(/^Invalid TOML document:\s*/, "");
    throw syntaxError(text, configName, error.line, error.column, reason);
  }
}

function syntaxError(text: string, configName: string, line: number, column: number, reason: string): ConfigError {
  const lineText = text.split(/\r?\n/)[line - 1] ?? "";
  const gutter = String(line).length;
  const excerpt = [
    `  ${line} | ${lineText}`,
    `  ${" ".repeat(gutter)} | ${" ".repeat(Math.max(0, column - 1))}^`,
  ].join("\n");
  return new ConfigError("ERR_CONFIG_SYNTAX", `${configName}:${line}:${column}: ${reason}\n${excerpt}`);
}

/** 1-based line and column of a character offset. */
function lineAndColumnAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf("\n") + 1;
  return { line: before.split("\n").length, column: offset - lineStart + 1 };
}

/** `CloseBraceExpected` → `close brace expected` */
function inWords(errorName: string): string {
  return errorName.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}
