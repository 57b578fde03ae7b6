import type { BindingDefinition } from "../../runtime/index.js";

/** The service name Images binding requests carry to Outpost's service host. */
export const IMAGES_SERVICE = "images";

/** workerd's own Images API, which it builds over a fetcher, as it does D1's. */
const IMAGES_API_MODULE = "cloudflare-internal:images-api";

/** The `images` binding, its fetcher aimed at Outpost's Images service. */
export function imagesBindings(images: { binding: string } | undefined): BindingDefinition[] {
  if (images === undefined) return [];
  return [
    {
      name: images.binding,
      kind: "wrapped",
      module: IMAGES_API_MODULE,
      innerBindings: [{ name: "fetcher", kind: "fetcher", platform: { service: IMAGES_SERVICE, resource: "images", headers: {} } }],
    },
  ];
}
