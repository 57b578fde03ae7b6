/** Runs every benchmark in turn. Each prints Outpost beside its baseline and the ratio. */
await import("./hello-world.js");
await import("./kv.js");
await import("./d1.js");
await import("./durable-objects.js");
await import("./queues.js");
await import("./workflows.js");
await import("./r2.js");
await import("./r2-s3.js");
await import("./step-functions.js");
