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
