import { z } from "zod";

/** Vietnamese messages keyed by field name; "_form" holds a message about the whole form. */
export type FieldErrors = Record<string, string>;
/** What the user typed, so a rejected form comes back filled in (passwords excepted). */
export type FormValues = Record<string, string | string[]>;

/**
 * The one shape a rejected form takes, from the domain to the page. Every action result carries `ok`,
 * so a page narrows with `actionData?.ok === false` and reads `errors` and `values`, no casts.
 */
export type FormFailure = { ok: false; errors: FieldErrors; values: FormValues };

export type FormResult<T> = { ok: true; data: T } | FormFailure;

/** A rejected form: these errors, with everything the user typed. */
export function formFailure(formData: FormData, errors: FieldErrors): FormFailure {
  return { ok: false, errors, values: formValues(formData) };
}

/** Form values as typed, so a rejected form comes back with everything the user entered. */
export function formValues(formData: FormData): FormValues {
  const values: FormValues = {};
  for (const key of new Set(formData.keys())) {
    if (/password/i.test(key)) continue; // never echo passwords back into the page
    const all = formData.getAll(key).filter((v): v is string => typeof v === "string");
    values[key] = all.length > 1 ? all : (all[0] ?? "");
  }
  return values;
}

/**
 * Validates a form with a zod schema. Multi-valued fields listed in `arrays` are read with
 * getAll. Errors are keyed by field name, first message per field (messages are Vietnamese).
 */
export function parseForm<S extends z.ZodType>(
  formData: FormData,
  schema: S,
  options: { arrays?: string[] } = {},
): FormResult<z.infer<S>> {
  const input: Record<string, unknown> = {};
  for (const key of new Set(formData.keys())) {
    input[key] = options.arrays?.includes(key) ? formData.getAll(key) : formData.get(key);
  }
  for (const key of options.arrays ?? []) input[key] ??= [];
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = issue.path.join(".") || "_form";
    errors[key] ??= issue.message;
  }
  return { ok: false, errors, values: formValues(formData) };
}

/** A trimmed required text field with a Vietnamese message. */
export function requiredText(label: string, max = 200) {
  return z
    .string({ error: `Vui lòng nhập ${label}.` })
    .trim()
    .min(1, `Vui lòng nhập ${label}.`)
    .max(max, `${capitalize(label)} không được dài quá ${max} ký tự.`)
    .transform((s) => s.normalize("NFC"));
}

function capitalize(s: string) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
