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
  // One pass over the entries: getAll per key would be quadratic in the number of keys.
  const values: FormValues = {};
  for (const [key, value] of formData.entries()) {
    if (/password/i.test(key) || typeof value !== "string") continue; // never echo passwords back
    const current = values[key];
    values[key] = current === undefined ? value : Array.isArray(current) ? [...current, value] : [current, value];
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
  // One pass over the entries (linear in their number); the first value of a field wins, as get() does.
  const arrays = new Set(options.arrays ?? []);
  const input: Record<string, unknown> = {};
  for (const [key, value] of formData.entries()) {
    if (arrays.has(key)) ((input[key] ??= []) as FormDataEntryValue[]).push(value);
    else if (!(key in input)) input[key] = value;
  }
  for (const key of arrays) input[key] ??= [];
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = issue.path.join(".") || "_form";
    errors[key] ??= issue.message;
  }
  return { ok: false, errors, values: formValues(formData) };
}

// Matching control characters is the point here.
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;
// eslint-disable-next-line no-control-regex
const CONTROLS_BUT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/**
 * Removes NUL and other control characters (C0, DEL, C1), which no one types into a name and which
 * break PDFs, CSV exports and terminals; `keepLines` keeps line breaks and tabs for free text.
 */
export function stripControls(text: string, options: { keepLines?: boolean } = {}) {
  return text.replace(options.keepLines ? CONTROLS_BUT_LINES : CONTROLS, "");
}

/** A trimmed required one-line text field with a Vietnamese message; control characters removed. */
export function requiredText(label: string, max = 200) {
  return (
    z
      .string({ error: `Vui lòng nhập ${label}.` })
      // Bounded before any work on it (the body limit already caps the whole form).
      .max(max * 4, `${capitalize(label)} không được dài quá ${max} ký tự.`)
      .transform((s) => stripControls(s).trim())
      .pipe(z.string().min(1, `Vui lòng nhập ${label}.`))
      .transform((s) => s.normalize("NFC"))
      .pipe(z.string().max(max, `${capitalize(label)} không được dài quá ${max} ký tự.`))
  );
}

/** An optional one-line text field (empty when absent), bounded, control characters removed. */
export function optionalText(label: string, max = 200) {
  return z
    .string()
    .max(max * 4, `${capitalize(label)} không được dài quá ${max} ký tự.`)
    .default("")
    .transform((s) => stripControls(s).trim().normalize("NFC"))
    .pipe(z.string().max(max, `${capitalize(label)} không được dài quá ${max} ký tự.`));
}

function capitalize(s: string) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
