/** Module name of the module that answers a client whose request a worker's `fetch()` threw on. */
export const ERROR_RESPONSE_MODULE = "__outpost_error_response.js";

/**
 * Source of the module whose `errorResponse(request, error)` answers a client's request that the
 * worker threw on, as `wrangler dev` answers it: 500 with the stack mapped to the user's sources,
 * as text for curl and for a client that takes no HTML, and as an HTML page for a browser. The
 * stack is mapped by Outpost, which has the source maps, at `stackMappingUrl` (see
 * `StackMappingServer`); if that fails, the stack is sent as workerd gave it.
 *
 * The module is imported before the user's, so its `fetch` is workerd's own even when the user's
 * code replaces the global one (an instrumentation SDK, say).
 */
export function errorResponseSource(stackMappingUrl: string): string {
  return `const STACK_MAPPING_URL = ${JSON.stringify(stackMappingUrl)};
const internalFetch = globalThis.fetch;

export async function errorResponse(request, error) {
  const stack = await mappedStack(error instanceof Error ? (error.stack ?? String(error)) : "Error: " + String(error));
  if (!wantsPage(request)) return new Response(stack, { status: 500, headers: { "Content-Type": "text/plain;charset=UTF-8" } });
  return new Response(errorPage(stack), { status: 500, headers: { "Content-Type": "text/html;charset=utf-8" } });
}

async function mappedStack(stack) {
  try {
    const response = await internalFetch(STACK_MAPPING_URL, { method: "POST", body: stack });
    if (response.ok) return await response.text();
  } catch {}
  return stack;
}

/** wrangler dev's test: a browser's request, and any other that takes HTML, but never curl's. */
function wantsPage(request) {
  const accept = (request.headers.get("Accept") ?? "").toLowerCase();
  const agent = (request.headers.get("User-Agent") ?? "").toLowerCase();
  return !agent.includes("curl/") && (accept.includes("text/html") || accept.includes("*/*") || accept.includes("text/*"));
}

function errorPage(stack) {
  const [title, ...frames] = escapeHtml(stack).split("\\n");
  return \`<!DOCTYPE html>
<html lang="en">
<head><meta charset="UTF-8"><title>\${title}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem}h1{font-size:1.25rem;color:#b91c1c}pre{background:#f4f4f5;padding:1rem;overflow-x:auto}</style></head>
<body><h1>\${title}</h1><pre>\${frames.join("\\n")}</pre></body>
</html>
\`;
}

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (char) => "&#" + char.charCodeAt(0) + ";");
}
`;
}
