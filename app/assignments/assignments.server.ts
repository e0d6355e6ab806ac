import { z } from "zod";

import { isMemberSql, listMembers, membershipSql } from "~/assignments/membership.server";
import { changedFields, recordAudit } from "~/audit/audit.server";
import { canManageUnit } from "~/auth/guards.server";
import { hasRole } from "~/auth/roles";
import type { AuthUser } from "~/auth/session.server";
import { prisma } from "~/db.server";
import { Prisma } from "~/generated/prisma/client";
import { enroll } from "~/progress/progress.server";
import { vietnamDayEnd, vietnamDayStart } from "~/utils/dates";
import { DomainError } from "~/utils/errors";
import { requiredText } from "~/utils/forms";

/**
 * Assignments ("đợt học tập"): a course given to units and named people with a due date.
 * Administrators manage every assignment; a unit manager those owned by a unit in their subtree,
 * and only with an audience inside it. Editing and closing change who is asked and by when, never
 * anyone's progress: no function here deletes an enrolment, a lesson's progress or an attempt.
 */

const day = (label: string) =>
  z
    .string({ error: `Vui lòng chọn ${label}.` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, `Vui lòng chọn ${label} (ngày/tháng/năm).`)
    .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), `${label} không hợp lệ.`);

export const AssignmentFormSchema = z
  .object({
    courseId: z.string({ error: "Vui lòng chọn khóa học." }).min(1, "Vui lòng chọn khóa học."),
    title: requiredText("tên đợt học tập", 200),
    note: z
      .string()
      .trim()
      .max(1000, "Ghi chú không được dài quá 1000 ký tự.")
      .default("")
      .transform((s) => s.normalize("NFC")),
    startAt: day("ngày bắt đầu"),
    dueAt: day("hạn hoàn thành"),
    unitIds: z.array(z.string().min(1)).default([]),
    subtreeUnitIds: z.array(z.string().min(1)).default([]),
    /** Emails of named people, one per line (or separated by commas). */
    userEmails: z
      .string()
      .default("")
      .transform((s) =>
        s
          .split(/[\s,;]+/)
          .map((e) => e.trim().toLowerCase())
          .filter(Boolean),
      ),
  })
  .refine((v) => v.dueAt >= v.startAt, { path: ["dueAt"], message: "Hạn hoàn thành phải sau ngày bắt đầu." })
  .refine((v) => v.unitIds.length + v.userEmails.length > 0, {
    path: ["unitIds"],
    message: "Vui lòng chọn ít nhất một đơn vị hoặc nhập email của người được giao.",
  });
export type AssignmentInput = z.infer<typeof AssignmentFormSchema>;

/** Only assignments whose owner lies in the actor's scope: administrators see all. */
function visibleWhere(actor: AuthUser): Prisma.AssignmentWhereInput {
  if (hasRole(actor, "ADMIN")) return {};
  return { ownerUnit: { path: { startsWith: actor.unitPath } } };
}

export async function listAssignments(options: { actor: AuthUser; courseId?: string; includeClosed?: boolean }) {
  const assignments = await prisma.assignment.findMany({
    where: {
      ...visibleWhere(options.actor),
      ...(options.courseId ? { courseId: options.courseId } : {}),
      ...(options.includeClosed === false ? { closedAt: null } : {}),
    },
    orderBy: [{ closedAt: { sort: "asc", nulls: "first" } }, { dueAt: "asc" }],
    include: {
      course: { select: { id: true, title: true } },
      createdBy: { select: { fullName: true } },
      units: { include: { unit: { select: { name: true } } } },
      _count: { select: { users: true } },
    },
  });
  const counts = await memberCounts(assignments.map((a) => a.id));
  return assignments.map((a) => ({ ...a, memberCount: counts.get(a.id) ?? 0 }));
}

async function memberCounts(ids: string[]) {
  if (!ids.length) return new Map<string, number>();
  const rows = await prisma.$queryRaw<{ assignmentId: string; n: number | bigint }[]>`
    SELECT mem."assignmentId" AS "assignmentId", COUNT(DISTINCT mem."userId") AS "n"
    FROM (${membershipSql(Prisma.sql`a."id" IN (${Prisma.join(ids)})`)}) mem
    JOIN "User" u ON u."id" = mem."userId" AND u."active" = TRUE
    GROUP BY mem."assignmentId"`;
  return new Map(rows.map((r) => [r.assignmentId, Number(r.n)]));
}

/** The assignment if the actor may see and manage it; null otherwise (routes answer 404). */
export async function getAssignment(actor: AuthUser, assignmentId: string) {
  const assignment = await prisma.assignment.findFirst({
    where: { id: assignmentId, ...visibleWhere(actor) },
    include: {
      course: { select: { id: true, title: true } },
      createdBy: { select: { fullName: true } },
      units: { include: { unit: { select: { id: true, name: true, path: true } } } },
      users: { include: { user: { select: { id: true, fullName: true, email: true } } } },
    },
  });
  if (!assignment) return null;
  return { ...assignment, memberCount: (await memberCounts([assignment.id])).get(assignment.id) ?? 0 };
}

/** Units and named users must lie in the actor's scope; emails must exist. */
async function resolveAudience(actor: AuthUser, input: AssignmentInput) {
  const unitIds = [...new Set(input.unitIds)];
  const units = await prisma.unit.findMany({ where: { id: { in: unitIds } }, select: { id: true, path: true } });
  if (units.length !== unitIds.length || units.some((u) => !canManageUnit(actor, u.path)))
    throw new DomainError("Vui lòng chỉ chọn đơn vị thuộc phạm vi quản lý của bạn.", { field: "unitIds" });
  const emails = [...new Set(input.userEmails)];
  const users = await prisma.user.findMany({
    where: { email: { in: emails } },
    select: { id: true, email: true, unit: { select: { path: true } } },
  });
  const outside = emails.filter((e) => {
    const u = users.find((x) => x.email === e);
    return !u || !canManageUnit(actor, u.unit.path);
  });
  // An email outside the scope gets the same message as an unknown one: nothing to probe.
  if (outside.length)
    throw new DomainError(`Không tìm thấy người dùng trong phạm vi quản lý của bạn: ${outside.join(", ")}.`, {
      field: "userEmails",
    });
  const subtree = new Set(input.subtreeUnitIds);
  return {
    units: unitIds.map((unitId) => ({ unitId, includeSubtree: subtree.has(unitId) })),
    userIds: users.map((u) => u.id),
  };
}

async function requireCourse(courseId: string) {
  const course = await prisma.course.findFirst({
    where: { id: courseId, removedAt: null, status: "published" },
    select: { id: true },
  });
  if (!course) throw new DomainError("Vui lòng chọn một khóa học đang mở.", { field: "courseId" });
}

/** What the audit log records of an assignment (its audience as ids). */
function auditedAssignment(a: {
  title: string;
  note: string;
  courseId: string;
  startAt: Date;
  dueAt: Date;
  units: { unitId: string; includeSubtree: boolean }[];
  userIds: string[];
}) {
  return {
    title: a.title,
    note: a.note,
    courseId: a.courseId,
    startAt: a.startAt.toISOString(),
    dueAt: a.dueAt.toISOString(),
    units: a.units.map((u) => `${u.unitId}${u.includeSubtree ? "+" : ""}`).sort(),
    userIds: [...a.userIds].sort(),
  };
}

type AuditedActor = AuthUser & { ip?: string };

export async function createAssignment(actor: AuditedActor, input: AssignmentInput) {
  await requireCourse(input.courseId);
  const audience = await resolveAudience(actor, input);
  const assignment = await prisma.$transaction(async (tx) => {
    const created = await tx.assignment.create({
      data: {
        courseId: input.courseId,
        title: input.title,
        note: input.note,
        startAt: vietnamDayStart(input.startAt),
        dueAt: vietnamDayEnd(input.dueAt),
        ownerUnitId: hasRole(actor, "ADMIN") ? null : actor.unitId,
        createdById: actor.id,
        units: { create: audience.units },
        users: { create: audience.userIds.map((userId) => ({ userId })) },
      },
    });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "assignment.create",
      targetType: "assignment",
      targetId: created.id,
      after: auditedAssignment({ ...created, units: audience.units, userIds: audience.userIds }),
      ip: actor.ip,
    });
    return created;
  });
  await enrollMembers(assignment.id);
  return assignment;
}

/** New due date, note or audience. The course stays: a different course is a different assignment. */
export async function updateAssignment(actor: AuditedActor, assignmentId: string, input: AssignmentInput) {
  const current = await getAssignment(actor, assignmentId);
  if (!current) throw new DomainError("Không tìm thấy đợt học tập.", { status: 404 });
  if (input.courseId !== current.courseId)
    throw new DomainError("Không đổi được khóa học của một đợt đã giao; hãy tạo đợt mới.", { field: "courseId" });
  const audience = await resolveAudience(actor, input);
  await prisma.$transaction(async (tx) => {
    await tx.assignmentUnit.deleteMany({ where: { assignmentId } });
    await tx.assignmentUser.deleteMany({ where: { assignmentId } });
    const updated = await tx.assignment.update({
      where: { id: assignmentId },
      data: {
        title: input.title,
        note: input.note,
        startAt: vietnamDayStart(input.startAt),
        dueAt: vietnamDayEnd(input.dueAt),
        units: { create: audience.units },
        users: { create: audience.userIds.map((userId) => ({ userId })) },
      },
    });
    const change = changedFields(
      auditedAssignment({ ...current, userIds: current.users.map((u) => u.userId) }),
      auditedAssignment({ ...updated, units: audience.units, userIds: audience.userIds }),
    );
    if (change)
      await recordAudit(tx, {
        actorId: actor.id,
        action: "assignment.update",
        targetType: "assignment",
        targetId: assignmentId,
        ...change,
        ip: actor.ip,
      });
  });
  await enrollMembers(assignmentId);
  await refreshDueDates(current.courseId);
}

/** Closing ends the đợt: it stops setting due dates; figures and progress stay. Reopening undoes it. */
export async function setAssignmentClosed(options: { actor: AuditedActor; assignmentId: string; closed: boolean }) {
  const current = await getAssignment(options.actor, options.assignmentId);
  if (!current) throw new DomainError("Không tìm thấy đợt học tập.", { status: 404 });
  await prisma.$transaction(async (tx) => {
    await tx.assignment.update({
      where: { id: options.assignmentId },
      data: { closedAt: options.closed ? new Date() : null },
    });
    if (Boolean(current.closedAt) !== options.closed)
      await recordAudit(tx, {
        actorId: options.actor.id,
        action: options.closed ? "assignment.close" : "assignment.reopen",
        targetType: "assignment",
        targetId: options.assignmentId,
        before: { closed: Boolean(current.closedAt) },
        after: { closed: options.closed },
        ip: options.actor.ip,
      });
  });
  if (!options.closed) await enrollMembers(options.assignmentId);
  await refreshDueDates(current.courseId);
}

/**
 * Enrols the current active members of an open assignment (source "assigned"). People who join an
 * assigned unit later are enrolled on their next visit to /me or the course (`syncAssignments`);
 * reports evaluate membership themselves, so their counts never depend on when this ran.
 */
export async function enrollMembers(assignmentId: string) {
  const assignment = await prisma.assignment.findUniqueOrThrow({ where: { id: assignmentId } });
  if (assignment.closedAt) return;
  const members = await listMembers(assignmentId);
  const enrolled = await prisma.enrollment.findMany({
    where: { courseId: assignment.courseId, userId: { in: members.map((m) => m.userId) } },
    select: { userId: true },
  });
  const have = new Set(enrolled.map((e) => e.userId));
  for (const member of members) {
    if (!have.has(member.userId))
      await enroll({
        userId: member.userId,
        courseId: assignment.courseId,
        source: "assigned",
        dueAt: assignment.dueAt,
      });
  }
  await refreshDueDates(assignment.courseId);
}

/**
 * Enrollment.dueAt mirrors the earliest due date among the open assignments that reach the learner
 * (what the course page shows); enrolments no longer reached keep their row and progress, with no
 * due date. One portable statement per course.
 */
async function refreshDueDates(courseId: string) {
  await prisma.$executeRaw`
    UPDATE "Enrollment" SET "dueAt" = (
      SELECT MIN(a."dueAt") FROM "Assignment" a, "User" u, "Unit" un
      WHERE a."courseId" = "Enrollment"."courseId" AND a."closedAt" IS NULL
        AND u."id" = "Enrollment"."userId" AND un."id" = u."unitId"
        AND ${isMemberSql({ id: Prisma.sql`u."id"`, unitId: Prisma.sql`u."unitId"`, unitPath: Prisma.sql`un."path"` })})
    WHERE "courseId" = ${courseId} AND "source" = 'assigned'`;
}

export type MyAssignment = { assignmentId: string; courseId: string; title: string; dueAt: Date; startAt: Date };

/** Open, started assignments reaching this user, earliest due first. */
export async function listMyAssignments(userId: string, now: Date = new Date()) {
  const rows = await prisma.$queryRaw<
    { assignmentId: string; courseId: string; title: string; dueAt: Date; startAt: Date }[]
  >`
    SELECT a."id" AS "assignmentId", a."courseId" AS "courseId", a."title" AS "title", a."dueAt" AS "dueAt", a."startAt" AS "startAt"
    FROM "Assignment" a, "User" u, "Unit" un
    WHERE u."id" = ${userId} AND u."active" = TRUE AND un."id" = u."unitId" AND a."closedAt" IS NULL
      AND ${isMemberSql({ id: Prisma.sql`u."id"`, unitId: Prisma.sql`u."unitId"`, unitPath: Prisma.sql`un."path"` })}
    ORDER BY a."dueAt"`;
  // Raw rows carry dates as text on SQLite; normalise once here.
  return rows
    .map((r) => ({ ...r, dueAt: new Date(r.dueAt), startAt: new Date(r.startAt) }))
    .filter((r) => r.startAt <= now);
}

/**
 * On the learner's visit (/me, course page): enrols them in every course an open assignment gives
 * them and they are not yet enrolled in, with the earliest due date. Returns their assignments,
 * one per course (the earliest due), for the dashboard.
 */
export async function syncAssignments(userId: string, now: Date = new Date()) {
  const mine = await listMyAssignments(userId, now);
  const perCourse = new Map<string, (typeof mine)[number]>();
  for (const a of mine) if (!perCourse.has(a.courseId)) perCourse.set(a.courseId, a);
  if (!perCourse.size) return [];
  const enrollments = await prisma.enrollment.findMany({
    where: { userId, courseId: { in: [...perCourse.keys()] } },
    select: { courseId: true, source: true, dueAt: true },
  });
  for (const a of perCourse.values()) {
    const e = enrollments.find((x) => x.courseId === a.courseId);
    if (!e || e.source !== "assigned" || e.dueAt?.getTime() !== a.dueAt.getTime())
      await enroll({ userId, courseId: a.courseId, source: "assigned", dueAt: a.dueAt });
  }
  return [...perCourse.values()];
}

/** Courses an actor may assign: published ones. */
export function assignableCourses() {
  return prisma.course.findMany({
    where: { removedAt: null, status: "published" },
    orderBy: [{ position: "asc" }, { title: "asc" }],
    select: { id: true, title: true },
  });
}
