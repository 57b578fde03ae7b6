import { XMLParser, XMLValidator } from "fast-xml-parser";
import { S3Error } from "./s3-error.js";

/**
 * Parses an XML request body whose root is `root`, returning the root's children. Elements named
 * in `repeated` are always arrays; every text value stays a string. A document type declaration is
 * refused, so no entity can expand.
 */
export function parseXmlBody(body: Buffer, root: string, repeated: readonly string[]): Record<string, unknown> {
  const text = body.toString("utf8");
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw malformed(`the body is not well-formed XML (line ${valid.err.line}: ${valid.err.msg})`);
  if (/<!DOCTYPE/i.test(text)) throw malformed("a DOCTYPE is not allowed");
  const parser = new XMLParser({
    ignoreAttributes: true,
    ignoreDeclaration: true,
    removeNSPrefix: true,
    parseTagValue: false,
    trimValues: true,
    processEntities: true,
    isArray: (name) => repeated.includes(name),
  });
  const document = parser.parse(text) as Record<string, unknown>;
  const content = document[root];
  if (content === undefined) throw malformed(`the root element must be <${root}>`);
  return typeof content === "object" && content !== null ? (content as Record<string, unknown>) : {};
}

/** The XML S3 rejects: names what is wrong. */
export function malformed(problem: string): S3Error {
  return new S3Error("MalformedXML", 400, `The XML you provided was not well-formed or did not validate against our published schema: ${problem}.`);
}

/** The text of a child element, or `undefined`. */
export function textOf(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return value;
  if (typeof value === "object" && Object.keys(value).length === 0) return "";
  return undefined;
}
