import { S3Error } from "./s3-error.js";
import { malformed, parseXmlBody, textOf } from "./xml-reader.js";
import type { XmlFields } from "./xml-writer.js";

/** One rule of a bucket's CORS configuration, as stored. */
export interface CorsRule {
  id?: string;
  allowedOrigins: string[];
  allowedMethods: string[];
  allowedHeaders: string[];
  exposeHeaders: string[];
  maxAgeSeconds?: number;
}

/** Rules one configuration may hold, as in S3. */
const MAX_RULES = 100;
const CORS_METHODS = new Set(["GET", "PUT", "POST", "DELETE", "HEAD"]);

/** Parses and checks a PutBucketCors body. */
export function parseCorsConfiguration(body: Buffer): CorsRule[] {
  const document = parseXmlBody(body, "CORSConfiguration", ["CORSRule", "AllowedOrigin", "AllowedMethod", "AllowedHeader", "ExposeHeader"]);
  const rules = (document.CORSRule ?? []) as Record<string, unknown>[];
  if (rules.length === 0) throw malformed("<CORSConfiguration> must hold at least one <CORSRule>");
  if (rules.length > MAX_RULES) throw malformed(`<CORSConfiguration> may hold at most ${MAX_RULES} <CORSRule>s`);
  return rules.map((rule, index) => {
    const texts = (name: string) => ((rule[name] ?? []) as unknown[]).map(textOf).filter((text): text is string => text !== undefined);
    const allowedOrigins = texts("AllowedOrigin");
    const allowedMethods = texts("AllowedMethod");
    if (allowedOrigins.length === 0 || allowedMethods.length === 0) {
      throw malformed(`<CORSRule> number ${index + 1} needs at least one <AllowedOrigin> and one <AllowedMethod>`);
    }
    const unsupported = allowedMethods.find((method) => !CORS_METHODS.has(method));
    if (unsupported !== undefined) {
      throw new S3Error("InvalidRequest", 400, `Found unsupported HTTP method in CORS config. Unsupported method is ${unsupported}; use GET, PUT, POST, DELETE or HEAD.`);
    }
    const maxAge = textOf(rule.MaxAgeSeconds);
    if (maxAge !== undefined && !/^\d+$/.test(maxAge)) throw malformed(`<MaxAgeSeconds> of <CORSRule> number ${index + 1} must be a whole number`);
    const id = textOf(rule.ID);
    return {
      ...(id === undefined ? {} : { id }),
      allowedOrigins,
      allowedMethods,
      allowedHeaders: texts("AllowedHeader"),
      exposeHeaders: texts("ExposeHeader"),
      ...(maxAge === undefined ? {} : { maxAgeSeconds: Number(maxAge) }),
    };
  });
}

/** The rules as GetBucketCors renders them. */
export function corsRuleFields(rules: readonly CorsRule[]): XmlFields {
  return {
    CORSRule: rules.map((rule) => ({
      ID: rule.id,
      AllowedOrigin: rule.allowedOrigins,
      AllowedMethod: rule.allowedMethods,
      AllowedHeader: rule.allowedHeaders,
      ExposeHeader: rule.exposeHeaders,
      MaxAgeSeconds: rule.maxAgeSeconds,
    })),
  };
}

/** The first rule allowing `origin` to send `method` with `headers`, as S3 picks it. */
export function matchCorsRule(rules: readonly CorsRule[], origin: string, method: string, headers: readonly string[]): CorsRule | undefined {
  return rules.find(
    (rule) =>
      rule.allowedOrigins.some((pattern) => wildcardMatch(pattern, origin)) &&
      rule.allowedMethods.includes(method) &&
      headers.every((name) => rule.allowedHeaders.some((pattern) => wildcardMatch(pattern.toLowerCase(), name.toLowerCase()))),
  );
}

/** S3's patterns: text with at most one `*`, which matches any run of characters. */
function wildcardMatch(pattern: string, text: string): boolean {
  const star = pattern.indexOf("*");
  if (star < 0) return pattern === text;
  const head = pattern.slice(0, star);
  const tail = pattern.slice(star + 1);
  return text.length >= head.length + tail.length && text.startsWith(head) && text.endsWith(tail);
}
