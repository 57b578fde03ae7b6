/** D1 through `outpost dev` beside workerd's bundled D1: a primary-key SELECT, and a single-row INSERT. */
import { runBundledBaseline } from "./bundled-baseline.js";

await runBundledBaseline({
  title: "D1",
  project: "d1",
  seed: { route: "/seed", expected: "seeded" },
  routes: [
    { label: "primary-key SELECT", route: "/select" },
    { label: "single-row INSERT", route: "/insert" },
  ],
  ports: { bundled: 18810, outpost: 18811 },
  target: 5,
});
