/** A value rendered as element content; an array repeats the element, `undefined` leaves it out. */
export type XmlValue = string | number | boolean | Date | undefined | XmlFields | readonly (string | XmlFields)[];

/** Child elements in order, by name. */
export interface XmlFields {
  readonly [name: string]: XmlValue;
}

const S3_NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";
const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char]!);
}

/** An S3 response document: `<root xmlns="…">fields</root>` after the XML declaration. */
export function renderXml(root: string, fields: XmlFields, namespace = true): string {
  const xmlns = namespace ? ` xmlns="${S3_NAMESPACE}"` : "";
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root}${xmlns}>${renderFields(fields)}</${root}>`;
}

function renderFields(fields: XmlFields): string {
  let out = "";
  for (const [name, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== undefined) out += `<${name}>${renderValue(item as Exclude<XmlValue, undefined | readonly unknown[]>)}</${name}>`;
    }
  }
  return out;
}

function renderValue(value: Exclude<XmlValue, undefined | readonly unknown[]>): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") return renderFields(value);
  return escapeXml(String(value));
}
