import { z } from "zod";

/**
 * Reads JSON stored as text (a String column, a file) through its schema, at the one place it is
 * read. A value that does not match is a bug to report with its origin, never a silent cast.
 */
export function parseJson<S extends z.ZodType>(schema: S, text: string, origin: string): z.infer<S> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`${origin}: not valid JSON`);
  }
  const result = schema.safeParse(value);
  if (!result.success) throw new Error(`${origin}: ${z.prettifyError(result.error)}`);
  return result.data;
}

/** A JSON array of strings (tags, objectives), the most common shape stored as text. */
export const StringListSchema = z.array(z.string());
