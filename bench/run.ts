/** Runs every benchmark in turn. Each prints Outpost beside its baseline and the ratio. */
await import("./hello-world.js");
await import("./kv.js");
await import("./d1.js");
await import("./durable-objects.js");
await import("./queues.js");
