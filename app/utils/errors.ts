/** HTTP statuses a refused domain rule maps to. */
export type DomainErrorStatus = 400 | 403 | 404 | 409 | 410 | 413 | 415 | 429;

/**
 * A domain rule refused the request: the one error type every domain throws for a user's mistake or
 * a forbidden action. `field` names the form field the Vietnamese message belongs to ("_form" for the
 * whole form); `status` is what the route answers with. Routes turn it into a form result with
 * `runFormAction` (app/utils/forms.server.ts); anything else that is thrown is a bug and a 500.
 */
export class DomainError extends Error {
  readonly field: string;
  readonly status: DomainErrorStatus;

  constructor(message: string, options: { field?: string; status?: DomainErrorStatus } = {}) {
    super(message);
    this.name = "DomainError";
    this.field = options.field ?? "_form";
    this.status = options.status ?? 400;
  }
}

/**
 * True when a write broke a unique constraint (Prisma's P2002): someone else already has that value.
 * With `column`, only when the constraint covers that column.
 */
export function isUniqueViolation(error: unknown, column?: string) {
  if (typeof error !== "object" || error === null || !("code" in error) || error.code !== "P2002") return false;
  if (!column) return true;
  const meta = "meta" in error && typeof error.meta === "object" && error.meta !== null ? error.meta : {};
  return "target" in meta && String(meta.target).includes(column);
}
