import { createHash } from "node:crypto";
import type { Json } from "../definition-types.js";
import { expectString, IntrinsicArgumentError, type IntrinsicFunction } from "./intrinsic-function.js";

/** Base64Encode/Decode and Hash take strings of at most this many characters. */
export const MAX_ENCODED_INPUT_CHARS = 10_000;

const HASH_ALGORITHMS: Record<string, string> = {
  MD5: "md5",
  "SHA-1": "sha1",
  "SHA-256": "sha256",
  "SHA-384": "sha384",
  "SHA-512": "sha512",
};

function limited(name: string, v: Json): string {
  const s = expectString(name, 1, v);
  if (s.length > MAX_ENCODED_INPUT_CHARS) {
    throw new IntrinsicArgumentError(`${name}: the input is ${s.length} characters, more than ${MAX_ENCODED_INPUT_CHARS}`);
  }
  return s;
}

export const encodingIntrinsics: Record<string, IntrinsicFunction> = {
  "States.Base64Encode": {
    minArgs: 1,
    maxArgs: 1,
    call: ([data]) => Buffer.from(limited("States.Base64Encode", data!), "utf8").toString("base64"),
  },
  "States.Base64Decode": {
    minArgs: 1,
    maxArgs: 1,
    call([data]) {
      const s = limited("States.Base64Decode", data!);
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s)) throw new IntrinsicArgumentError("States.Base64Decode: the input is not valid Base64");
      return Buffer.from(s, "base64").toString("utf8");
    },
  },
  "States.Hash": {
    minArgs: 2,
    maxArgs: 2,
    call([data, algorithm]) {
      const text = typeof data === "string" ? data : JSON.stringify(data);
      if (text.length > MAX_ENCODED_INPUT_CHARS) {
        throw new IntrinsicArgumentError(`States.Hash: the input is ${text.length} characters, more than ${MAX_ENCODED_INPUT_CHARS}`);
      }
      const algo = HASH_ALGORITHMS[expectString("States.Hash", 2, algorithm!)];
      if (!algo) {
        throw new IntrinsicArgumentError(`States.Hash: the algorithm must be one of ${Object.keys(HASH_ALGORITHMS).join(", ")}`);
      }
      return createHash(algo).update(text, "utf8").digest("hex");
    },
  },
};
