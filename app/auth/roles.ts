/** Roles a user may hold; a user may hold several. Shared by server and UI. */
export const ROLES = ["LEARNER", "TRAINER", "UNIT_MANAGER", "ADMIN"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  LEARNER: "Học viên",
  TRAINER: "Giảng viên",
  UNIT_MANAGER: "Quản lý đơn vị",
  ADMIN: "Quản trị viên",
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function hasRole(user: { roles: readonly string[] }, ...roles: Role[]) {
  return roles.some((role) => user.roles.includes(role));
}

/** Where a user lands after signing in: the workspace of their most responsible role. */
export function homePathFor(user: { roles: readonly string[] }) {
  if (hasRole(user, "ADMIN", "UNIT_MANAGER")) return "/admin";
  if (hasRole(user, "TRAINER")) return "/studio";
  return "/me";
}
