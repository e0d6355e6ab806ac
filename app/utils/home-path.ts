import { hasRole } from "~/auth/roles";

/** Where a user lands after signing in: the workspace of their most responsible role. */
export function homePathFor(user: { roles: readonly string[] }) {
  if (hasRole(user, "ADMIN", "UNIT_MANAGER")) return "/admin";
  if (hasRole(user, "TRAINER")) return "/studio";
  return "/me";
}

/** Only same-site paths may be redirect targets, so /login?redirectTo= cannot send users away. */
export function safeRedirectPath(target: string | null | undefined, fallback: string) {
  if (!target || !target.startsWith("/") || target.startsWith("//") || target.startsWith("/\\")) return fallback;
  return target;
}
