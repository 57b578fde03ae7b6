import { OutpostError } from "../../errors.js";

export type ImagesErrorCode =
  /** The input is no image Outpost can decode. */
  | "ERR_NOT_AN_IMAGE"
  /** The request asks for something the local Images service does not do, such as RGB output. */
  | "ERR_UNSUPPORTED"
  /** The binding sent a request the service cannot read. */
  | "ERR_BAD_REQUEST";

/**
 * An error the Images binding reports to the worker as `IMAGES_<OPERATION>_ERROR <code>: <message>`,
 * with Cloudflare's numeric code in `imagesCode`.
 */
export class ImagesError extends OutpostError<ImagesErrorCode> {
  readonly imagesCode: number;
  readonly status: number;

  constructor(code: ImagesErrorCode, imagesCode: number, status: number, message: string) {
    super(code, message);
    this.imagesCode = imagesCode;
    this.status = status;
  }
}

export function notAnImage(): ImagesError {
  return new ImagesError("ERR_NOT_AN_IMAGE", 9412, 415, "Unsupported image type");
}

export function badRequest(message: string): ImagesError {
  return new ImagesError("ERR_BAD_REQUEST", 9523, 400, message);
}

export function unsupported(message: string): ImagesError {
  return new ImagesError("ERR_UNSUPPORTED", 9520, 415, message);
}
