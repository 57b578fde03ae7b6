import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const workerd = require("workerd") as { default: string; compatibilityDate: string; version: string };

/** Absolute path of the workerd executable shipped in the `workerd` npm package. */
export const workerdPath: string = workerd.default;

/** The newest compatibility date this workerd build supports. */
export const newestCompatibilityDate: string = workerd.compatibilityDate;

export const workerdVersion: string = workerd.version;
