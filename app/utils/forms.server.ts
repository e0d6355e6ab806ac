import { data } from "@remix-run/node";

import { DomainError } from "~/utils/errors";
import { type FieldErrors, type FormFailure, formFailure } from "~/utils/forms";

/** A rejected form as an action result: the errors and what the user typed, with a 4xx status. */
export function rejectForm(formData: FormData, errors: FieldErrors, status = 400) {
  return data<FormFailure>(formFailure(formData, errors), { status });
}

/**
 * Runs the domain call of a form action. A DomainError becomes the rejected form (its field, message
 * and status, with the user's values kept); a 404 rule becomes the 404 page, as for a missing id.
 * Anything else propagates: it is a bug, not a user's mistake.
 */
export async function runFormAction<T>(formData: FormData, run: () => Promise<T>) {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    if (error.status === 404) throw new Response(error.message, { status: 404, statusText: "Not Found" });
    return rejectForm(formData, { [error.field]: error.message }, error.status);
  }
}

/**
 * Runs a loader's domain call: a DomainError with status 404 (an id outside the actor's scope, or
 * missing) becomes the 404 page, exactly like a missing id. Anything else propagates.
 */
export async function runDomainLoader<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof DomainError && error.status === 404)
      throw new Response(error.message, { status: 404, statusText: "Not Found" });
    throw error;
  }
}
