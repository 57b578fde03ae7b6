/** Workers KV through `outpost dev` beside workerd's bundled KV: a hot-key read, and a put then a get. */
import { runBundledBaseline } from "./bundled-baseline.js";

await runBundledBaseline({
  title: "Workers KV",
  project: "kv",
  seed: { route: "/seed", expected: "seeded" },
  routes: [
    { label: "hot key get (cacheTtl 60)", route: "/hot" },
    { label: "put then get", route: "/put-get" },
  ],
  ports: { bundled: 18800, outpost: 18801 },
  target: 5,
});
