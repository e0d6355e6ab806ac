import { z } from "zod";

import { changedFields, recordAudit } from "~/audit/audit.server";
import { canManageUnit, scopePathFor } from "~/auth/guards.server";
import { hashPassword } from "~/auth/password.server";
import { passwordField } from "~/auth/password-policy";
import { hasRole, type Role, ROLES } from "~/auth/roles";
import { type AuthUser, invalidateAllSessions } from "~/auth/session.server";
import { prisma } from "~/db.server";
import { type Prisma } from "~/generated/prisma/client";
import { DomainError, isUniqueViolation } from "~/utils/errors";
import { optionalText, requiredText } from "~/utils/forms";
import { foldVietnamese, sortByVietnameseName } from "~/utils/vietnamese";

export const emailField = z
  .string({ error: "Vui lòng nhập email." })
  .trim()
  .toLowerCase()
  .min(1, "Vui lòng nhập email.")
  .max(254, "Email không được dài quá 254 ký tự.")
  .pipe(z.email("Email không hợp lệ (ví dụ đúng: ten@donvi.gov.vn)."));

const baseUserFields = {
  email: emailField,
  fullName: requiredText("họ và tên", 120),
  position: optionalText("chức vụ", 150),
  unitId: z.string({ error: "Vui lòng chọn đơn vị." }).min(1, "Vui lòng chọn đơn vị.").max(64, "Đơn vị không hợp lệ."),
  roles: z.array(z.enum(ROLES, { error: "Vai trò không hợp lệ." })).min(1, "Vui lòng chọn ít nhất một vai trò."),
};

/** An empty password: the user sets one through a mailed link (see sendSetPasswordLink). */
export const CreateUserSchema = z.object({
  ...baseUserFields,
  password: z.union([z.literal(""), passwordField]).default(""),
});
export const UpdateUserSchema = z.object({
  ...baseUserFields,
  // Optional on edit: empty keeps the current password.
  password: z.union([z.literal(""), passwordField]).optional(),
});
export type CreateUserInput = z.infer<typeof CreateUserSchema>;
export type UpdateUserInput = z.infer<typeof UpdateUserSchema>;

/** The signed-in actor, with the address the request came from (written into the audit log). */
export type Actor = AuthUser & { ip?: string };

/** Roles an actor may grant: administrators any, unit managers only LEARNER (no escalation). */
export function grantableRoles(actor: AuthUser): Role[] {
  if (hasRole(actor, "ADMIN")) return [...ROLES];
  if (hasRole(actor, "UNIT_MANAGER")) return ["LEARNER"];
  return [];
}

/**
 * Whether the actor may change this user (profile, email, password, roles, activation): only when
 * every role the user holds is one the actor may grant. A unit manager can thus change learners of
 * their subtree, but an administrator, trainer or fellow manager there is read-only to them, so a
 * manager can never take over a more powerful account by setting its password or email.
 */
export function canEditUser(actor: AuthUser, user: { roles: { role: string }[] } | null) {
  if (!user) return false;
  const grantable: string[] = grantableRoles(actor);
  return user.roles.every((r) => grantable.includes(r.role));
}

async function requireManageableUnit(actor: AuthUser, unitId: string) {
  const unit = await prisma.unit.findUnique({ where: { id: unitId }, select: { path: true } });
  if (!unit || !canManageUnit(actor, unit.path))
    throw new DomainError("Vui lòng chọn một đơn vị thuộc phạm vi quản lý của bạn.", { field: "unitId" });
  return unit;
}

function checkRoles(actor: AuthUser, roles: Role[], keep: string[] = []) {
  const grantable = grantableRoles(actor);
  const refused = roles.filter((r) => !grantable.includes(r) && !keep.includes(r));
  if (refused.length) throw new DomainError("Bạn không có quyền cấp vai trò này.", { field: "roles" });
}

export async function createUser(actor: Actor, input: CreateUserInput) {
  await requireManageableUnit(actor, input.unitId);
  checkRoles(actor, input.roles);
  // No password given: a random one nobody knows, until the user sets theirs through the mailed link.
  const passwordHash = await hashPassword(input.password || crypto.randomUUID() + crypto.randomUUID());
  try {
    return await prisma.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: {
          email: input.email,
          fullName: input.fullName,
          position: input.position,
          unitId: input.unitId,
          passwordHash,
          roles: { create: input.roles.map((role) => ({ role })) },
        },
      });
      await recordAudit(tx, {
        actorId: actor.id,
        action: "user.create",
        targetType: "user",
        targetId: user.id,
        after: { ...profileOf(user), roles: [...input.roles].sort() },
        ip: actor.ip,
      });
      return user;
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new DomainError("Email này đã được dùng cho một tài khoản khác.", { field: "email" });
    throw error;
  }
}

/** The user if the actor may manage them (their unit lies in the actor's scope), else null. */
export async function getManageableUser(actor: AuthUser, userId: string) {
  const user = await prisma.user.findUnique({
    where: { id: userId },
    include: { roles: true, unit: { select: { id: true, name: true, path: true } } },
  });
  if (!user || !canManageUnit(actor, user.unit.path)) return null;
  return user;
}

/** The user if the actor may change them, else a 404 rule (as for ids out of scope or missing). */
async function requireEditableUser(actor: AuthUser, userId: string) {
  const user = await getManageableUser(actor, userId);
  if (!user || !canEditUser(actor, user)) throw new DomainError("Không tìm thấy người dùng.", { status: 404 });
  return user;
}

/** What the audit log records of a user's profile (never the password hash). */
function profileOf(user: { email: string; fullName: string; position: string; unitId: string }) {
  return { email: user.email, fullName: user.fullName, position: user.position, unitId: user.unitId };
}

export async function updateUser(actor: Actor, userId: string, input: UpdateUserInput) {
  const user = await requireEditableUser(actor, userId);
  await requireManageableUnit(actor, input.unitId);
  const current = user.roles.map((r) => r.role);
  // Roles the actor cannot grant stay as they are (only administrators reach users holding any).
  const grantable = grantableRoles(actor);
  const kept = current.filter((r) => !grantable.includes(r as Role));
  checkRoles(actor, input.roles, kept);
  const roles = [...new Set([...input.roles.filter((r) => grantable.includes(r)), ...kept])];
  if (actor.id === userId && hasRole(actor, "ADMIN") && !roles.includes("ADMIN")) {
    throw new DomainError("Bạn không thể tự bỏ vai trò quản trị viên của chính mình.", { field: "roles" });
  }
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  const audit = { actorId: actor.id, targetType: "user", targetId: userId, ip: actor.ip };
  try {
    await prisma.$transaction(async (tx) => {
      await tx.user.update({
        where: { id: userId },
        data: {
          email: input.email,
          fullName: input.fullName,
          position: input.position,
          unitId: input.unitId,
          ...(passwordHash ? { passwordHash, passwordChangedAt: new Date() } : {}),
        },
      });
      await tx.userRole.deleteMany({ where: { userId } });
      await tx.userRole.createMany({ data: roles.map((role) => ({ userId, role })) });
      const profile = changedFields(profileOf(user), profileOf(input));
      if (profile) await recordAudit(tx, { ...audit, action: "user.update", ...profile });
      const roleChange = changedFields({ roles: [...current].sort() }, { roles: [...roles].sort() });
      if (roleChange) await recordAudit(tx, { ...audit, action: "user.roles", ...roleChange });
      if (passwordHash) await recordAudit(tx, { ...audit, action: "user.password_reset" });
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new DomainError("Email này đã được dùng cho một tài khoản khác.", { field: "email" });
    throw error;
  }
  // A password set by an administrator signs the user out everywhere.
  if (input.password) await invalidateAllSessions(userId);
}

/** Deactivation, never deletion: history stays, sign-in stops, every session ends. */
export async function setUserActive(actor: Actor, userId: string, active: boolean) {
  const user = await requireEditableUser(actor, userId);
  if (!active && actor.id === userId) throw new DomainError("Bạn không thể tự vô hiệu hóa tài khoản của mình.");
  await prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { active, deactivatedAt: active ? null : new Date() } });
    if (user.active !== active)
      await recordAudit(tx, {
        actorId: actor.id,
        action: active ? "user.activate" : "user.deactivate",
        targetType: "user",
        targetId: userId,
        before: { active: user.active },
        after: { active },
        ip: actor.ip,
      });
  });
  if (!active) await invalidateAllSessions(userId);
}

export const USERS_PAGE_SIZE = 25;

/**
 * Users in the actor's scope, filtered and paged. Search ignores diacritics both ways ("pham thi"
 * finds "Phạm Thị", as the course search does: the same folding), and people are sorted the
 * Vietnamese way (tên, then họ đệm). Both need the text in JavaScript, so the scope's id, name,
 * email and position are read once (a few MB for 100,000 people), and only the page gets details.
 */
type UserFilters = {
  actor: AuthUser;
  q?: string;
  unitId?: string;
  status?: "active" | "inactive" | "all";
};

/** The users in scope matching the filters, as light rows in Vietnamese order. */
async function matchingUsers(options: UserFilters) {
  const { actor } = options;
  const scopePath = scopePathFor(actor);
  const unitFilter = options.unitId
    ? await prisma.unit.findUnique({ where: { id: options.unitId }, select: { path: true } })
    : null;
  const path = unitFilter && unitFilter.path.startsWith(scopePath) ? unitFilter.path : scopePath;
  const where: Prisma.UserWhereInput = {
    unit: { path: { startsWith: path } },
    ...(options.status === "inactive" ? { active: false } : options.status === "all" ? {} : { active: true }),
  };
  const words = foldVietnamese(options.q?.trim() ?? "")
    .split(/\s+/)
    .filter(Boolean);
  const candidates = await prisma.user.findMany({
    where,
    select: { id: true, fullName: true, email: true, position: true },
  });
  const matching = words.length
    ? candidates.filter((u) => {
        const text = foldVietnamese(`${u.fullName} ${u.email} ${u.position}`);
        return words.every((w) => text.includes(w));
      })
    : candidates;
  return sortByVietnameseName(matching);
}

export async function listUsers(options: UserFilters & { page?: number }) {
  const sorted = await matchingUsers(options);
  const total = sorted.length;
  const pageCount = Math.max(1, Math.ceil(total / USERS_PAGE_SIZE));
  const page = Math.min(Math.max(1, options.page ?? 1), pageCount);
  const ids = sorted.slice((page - 1) * USERS_PAGE_SIZE, page * USERS_PAGE_SIZE).map((u) => u.id);
  return { total, page, pageCount, users: await listedUsers(ids) };
}

/** What a user list shows of each person, in the order of `ids`. */
async function listedUsers(ids: string[]) {
  const details = await prisma.user.findMany({
    where: { id: { in: ids } },
    select: {
      id: true,
      email: true,
      fullName: true,
      position: true,
      active: true,
      unit: { select: { name: true } },
      roles: { select: { role: true } },
    },
  });
  const byId = new Map(details.map((u) => [u.id, u]));
  return ids.map((id) => byId.get(id)!);
}

/** The same list, every match, for CSV/XLSX: details read 1,000 people at a time. */
export async function* usersForExport(options: UserFilters) {
  const sorted = await matchingUsers(options);
  for (let i = 0; i < sorted.length; i += 1000) {
    yield* await listedUsers(sorted.slice(i, i + 1000).map((u) => u.id));
  }
}
