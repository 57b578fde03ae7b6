/** A file whose bytes become a Text or Data field (`embed "path"`), so large modules are never escaped. */
export class Embed {
  constructor(readonly path: string) {}
}

export type CapnpValue =
  | string
  | number
  | boolean
  | Embed
  | readonly CapnpValue[]
  | { readonly [field: string]: CapnpValue | undefined };

/** Renders a workerd `Config` as a Cap'n Proto text file that `workerd serve <file> config` reads. */
export function renderConfigFile(config: CapnpValue): string {
  return `using Workerd = import "/workerd/workerd.capnp";\nconst config :Workerd.Config = ${render(config)};\n`;
}

function render(value: CapnpValue): string {
  if (typeof value === "string") return quote(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value instanceof Embed) return `embed ${quote(value.path)}`;
  if (Array.isArray(value)) return `[${value.map(render).join(", ")}]`;
  const fields = Object.entries(value as Record<string, CapnpValue | undefined>)
    .filter((entry): entry is [string, CapnpValue] => entry[1] !== undefined)
    .map(([name, field]) => `${name} = ${render(field)}`);
  return `(${fields.join(", ")})`;
}

function quote(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === '"' || char === "\\") out += `\\${char}`;
    else if (char === "\n") out += "\\n";
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, "0")}`;
    else out += char;
  }
  return `${out}"`;
}
