import { z } from "zod";
import { isRecord } from "./is-record.js";

/**
 * Paths of object keys in `value` that `schema` does not declare. Zod drops such keys silently;
 * Outpost reports them so a misspelt `assets.binding` does not go unnoticed. Values whose shape
 * is wrong are skipped: validation reports those.
 */
export function findUnknownKeys(schema: z.ZodType, value: unknown, path: PropertyKey[] = []): PropertyKey[][] {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodDefault) {
    return findUnknownKeys(schema.unwrap() as z.ZodType, value, path);
  }
  if (schema instanceof z.ZodArray && Array.isArray(value)) {
    return value.flatMap((item, index) => findUnknownKeys(schema.element as z.ZodType, item, [...path, index]));
  }
  if (schema instanceof z.ZodObject && isRecord(value)) {
    const shape: Record<string, z.ZodType> = schema.shape;
    const takesAnyKey = schema.def.catchall !== undefined;
    return Object.entries(value).flatMap(([key, child]) => {
      if (Object.hasOwn(shape, key)) return findUnknownKeys(shape[key] as z.ZodType, child, [...path, key]);
      return takesAnyKey ? [] : [[...path, key]];
    });
  }
  return [];
}
