import type { AppLoadContext } from "@remix-run/node";
import { redirect } from "@remix-run/node";

import { hasRole, type Role } from "~/auth/roles";
import type { AuthUser } from "~/auth/session.server";

/**
 * Route guards. The server entry validates the session cookie once per request and puts the
 * result in the load context; these helpers only read it, so a page costs one session lookup.
 */

type GuardArgs = { request: Request; context: AppLoadContext };

export function getOptionalUser(args: GuardArgs): AuthUser | null {
  return args.context.auth?.user ?? null;
}

export function forbidden(message = "Bạn không có quyền truy cập trang này."): never {
  throw new Response(message, { status: 403, statusText: "Forbidden" });
}

export function notFound(message = "Không tìm thấy trang bạn yêu cầu."): never {
  throw new Response(message, { status: 404, statusText: "Not Found" });
}

/** Signed-in user, or a redirect to /login that brings them back here afterwards. */
export function requireUser(args: GuardArgs): AuthUser {
  const user = getOptionalUser(args);
  if (!user) {
    const url = new URL(args.request.url);
    const redirectTo = `${url.pathname}${url.search}`;
    throw redirect(`/login?${new URLSearchParams({ redirectTo })}`);
  }
  return user;
}

/** Signed-in user holding at least one of the roles; 403 otherwise. */
export function requireUserWithRole(args: GuardArgs, roles: Role | Role[]): AuthUser {
  const user = requireUser(args);
  const wanted = Array.isArray(roles) ? roles : [roles];
  if (!hasRole(user, ...wanted)) forbidden();
  return user;
}

export function requireSessionId(args: GuardArgs): string {
  requireUser(args);
  return args.context.auth!.sessionId;
}

/**
 * Whether the user may manage things in a unit: administrators everywhere, unit managers in
 * their own unit's subtree (materialised paths make that a prefix test), nobody else.
 */
export function canManageUnit(user: AuthUser, unitPath: string) {
  if (hasRole(user, "ADMIN")) return true;
  return hasRole(user, "UNIT_MANAGER") && unitPath.startsWith(user.unitPath);
}

/** The unit-path prefix a user may manage: everything for administrators, their subtree for managers. */
export function scopePathFor(user: AuthUser) {
  return hasRole(user, "ADMIN") ? "/" : user.unitPath;
}
