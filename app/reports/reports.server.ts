import { membershipSql } from "~/assignments/membership.server";
import { canManageUnit, scopePathFor } from "~/auth/guards.server";
import type { AuthUser } from "~/auth/session.server";
import { prisma, sqliteDate } from "~/db.server";
import { Prisma } from "~/generated/prisma/client";
import { listUnits, type UnitNode } from "~/org/units.server";
import type { ReportStatusValue } from "~/reports/labels";
import { DomainError } from "~/utils/errors";
import { sortByVietnameseName } from "~/utils/vietnamese";

/**
 * Completion reports. The counting rules (README "Counting rules") live in `pairsSql`: who is
 * counted for which course, evaluated from the current units, users and assignments on every
 * request, so a report is exact the moment anything changes. One row per (person, course) — or
 * (person, assignment) when reporting by assignment — whatever number of assignments reach them.
 *
 * The SQL is portable (SQLite now, PostgreSQL later): quoted identifiers, CASE instead of IIF,
 * `||` and LIKE for path prefixes, TRUE for booleans. Dates are bound in Prisma's stored format.
 */

export { STATUS_LABEL as STATUS_LABELS, STATUSES_LIST as STATUSES } from "~/reports/labels";
type ReportStatus = ReportStatusValue;
export type { ReportStatusValue as ReportStatus };

export type ReportFilters = {
  /** The unit reported on; empty: the actor's whole scope. */
  unitId?: string;
  /** With the units below it (default) or only its own members. */
  subtree: boolean;
  courseId?: string;
  assignmentId?: string;
  /** Due-date range (inclusive) of the assignments taken into account. */
  dueFrom?: Date;
  dueTo?: Date;
  now: Date;
};

type Scope = { path: string; unitId: string | null; subtree: boolean };

/** Where the report looks: a unit in the actor's scope (else 404), or the whole scope. */
export async function resolveScope(actor: AuthUser, filters: Pick<ReportFilters, "unitId" | "subtree">) {
  if (filters.unitId) {
    const unit = await prisma.unit.findUnique({ where: { id: filters.unitId }, select: { id: true, path: true } });
    if (!unit || !canManageUnit(actor, unit.path)) throw new DomainError("Không tìm thấy đơn vị.", { status: 404 });
    return { path: unit.path, unitId: unit.id, subtree: filters.subtree } satisfies Scope;
  }
  return { path: scopePathFor(actor), unitId: null, subtree: true } satisfies Scope;
}

/** An assignment filter must be one the actor may read: visible, or reaching into their scope. */
async function checkAssignment(actor: AuthUser, assignmentId: string | undefined) {
  if (!assignmentId) return;
  const a = await prisma.assignment.findUnique({
    where: { id: assignmentId },
    select: { ownerUnit: { select: { path: true } } },
  });
  const ownerPath = a?.ownerUnit?.path ?? "/";
  if (!a || !ownerPath.startsWith(scopePathFor(actor)))
    throw new DomainError("Không tìm thấy đợt học tập.", { status: 404 });
}

/**
 * The counted (person, course) pairs with their due date: members of the assignments that match
 * the filters, plus — when no assignment or due-date filter narrows it to assignments — learners
 * (LEARNER role) enrolled on their own. Trainers and administrators count only when assigned.
 * By assignment, `key` is the assignment and its due date applies even once closed; by course, the
 * due date is the earliest among the open assignments reaching the person.
 */
function pairsSql(filters: ReportFilters, byAssignment: boolean, withinPath: string) {
  const conditions: Prisma.Sql[] = [Prisma.sql`1 = 1`];
  if (filters.courseId) conditions.push(Prisma.sql`a."courseId" = ${filters.courseId}`);
  if (filters.assignmentId) conditions.push(Prisma.sql`a."id" = ${filters.assignmentId}`);
  if (filters.dueFrom) conditions.push(Prisma.sql`a."dueAt" >= ${sqliteDate(filters.dueFrom)}`);
  if (filters.dueTo) conditions.push(Prisma.sql`a."dueAt" <= ${sqliteDate(filters.dueTo)}`);
  const where = Prisma.join(conditions, " AND ");
  const assignedOnly = byAssignment || !!filters.assignmentId || !!filters.dueFrom || !!filters.dueTo;
  const selfEnrolled = assignedOnly
    ? Prisma.empty
    : Prisma.sql`
      UNION ALL
      SELECT e."userId" AS "userId", e."courseId" AS "courseId", e."courseId" AS "key",
             NULL AS "dueAt", NULL AS "closedAt"
      FROM "Enrollment" e
      ${
        withinPath === "/"
          ? Prisma.empty
          : Prisma.sql`JOIN "User" eu ON eu."id" = e."userId" JOIN "Unit" eun ON eun."id" = eu."unitId" AND eun."path" LIKE ${withinPath + "%"}`
      }
      WHERE EXISTS (SELECT 1 FROM "UserRole" r WHERE r."userId" = e."userId" AND r."role" = 'LEARNER')
        ${filters.courseId ? Prisma.sql`AND e."courseId" = ${filters.courseId}` : Prisma.empty}`;
  const key = byAssignment ? Prisma.sql`mem."assignmentId"` : Prisma.sql`mem."courseId"`;
  const due = byAssignment
    ? Prisma.sql`MIN(p."dueAt")`
    : Prisma.sql`MIN(CASE WHEN p."closedAt" IS NULL THEN p."dueAt" END)`;
  return Prisma.sql`
    SELECT p."userId" AS "userId", p."courseId" AS "courseId", p."key" AS "key", ${due} AS "dueAt"
    FROM (
      SELECT mem."userId" AS "userId", mem."courseId" AS "courseId", ${key} AS "key",
             mem."dueAt" AS "dueAt", mem."closedAt" AS "closedAt"
      FROM (${membershipSql(where, { withinPath })}) mem
      ${selfEnrolled}
    ) p
    GROUP BY p."userId", p."courseId", p."key"`;
}

/**
 * FROM … WHERE shared by the figures and the people lists: pairs of active people in the scope,
 * with their enrolment's facts (completion, best exam, kept exact by the writes: see
 * `app/quizzes/enrollment-facts.server.ts`). A member not yet enrolled has no facts: not started.
 */
function factsSql(filters: ReportFilters, scope: Scope, byAssignment: boolean) {
  const place = scope.subtree
    ? Prisma.sql`un."path" LIKE ${scope.path + "%"}`
    : Prisma.sql`u."unitId" = ${scope.unitId}`;
  return Prisma.sql`
    FROM (${pairsSql(filters, byAssignment, scope.path)}) pr
    JOIN "User" u ON u."id" = pr."userId" AND u."active" = TRUE
    JOIN "Unit" un ON un."id" = u."unitId"
    LEFT JOIN "Enrollment" e ON e."userId" = pr."userId" AND e."courseId" = pr."courseId"
    WHERE ${place}`;
}

function statusSql(status: ReportStatus, now: Date) {
  switch (status) {
    case "counted":
      return Prisma.sql`1 = 1`;
    case "completed":
      return Prisma.sql`e."completedAt" IS NOT NULL`;
    case "in_progress":
      return Prisma.sql`e."completedAt" IS NULL AND e."startedAt" IS NOT NULL`;
    case "not_started":
      return Prisma.sql`e."completedAt" IS NULL AND e."startedAt" IS NULL`;
    case "overdue":
      return Prisma.sql`e."completedAt" IS NULL AND pr."dueAt" < ${sqliteDate(now)}`;
  }
}

export type Counts = {
  counted: number;
  notStarted: number;
  inProgress: number;
  completed: number;
  overdue: number;
  examTaken: number;
  examPassed: number;
  examScoreSum: number;
};

const zero = (): Counts => ({
  counted: 0,
  notStarted: 0,
  inProgress: 0,
  completed: 0,
  overdue: 0,
  examTaken: 0,
  examPassed: 0,
  examScoreSum: 0,
});

function add(into: Counts, from: Counts) {
  for (const k of Object.keys(into) as (keyof Counts)[]) into[k] += from[k];
}

/** Completion rate, pass rate (of those who took the final exam) and average best exam score. */
export function rates(c: Counts) {
  return {
    completionRate: c.counted ? (c.completed / c.counted) * 100 : null,
    passRate: c.examTaken ? (c.examPassed / c.examTaken) * 100 : null,
    averageScore: c.examTaken ? c.examScoreSum / c.examTaken : null,
  };
}

/** Figures per member unit and key (course or assignment): the raw material of every table. */
async function countsByUnit(filters: ReportFilters, scope: Scope, byAssignment: boolean) {
  const now = sqliteDate(filters.now);
  const rows = await prisma.$queryRaw<
    {
      unitId: string;
      key: string;
      counted: bigint | number;
      completed: bigint | number | null;
      inProgress: bigint | number | null;
      overdue: bigint | number | null;
      examTaken: bigint | number | null;
      examPassed: bigint | number | null;
      examScoreSum: number | null;
    }[]
  >`
    SELECT u."unitId" AS "unitId", pr."key" AS "key",
      COUNT(*) AS "counted",
      SUM(CASE WHEN e."completedAt" IS NOT NULL THEN 1 ELSE 0 END) AS "completed",
      SUM(CASE WHEN e."completedAt" IS NULL AND e."startedAt" IS NOT NULL THEN 1 ELSE 0 END) AS "inProgress",
      SUM(CASE WHEN e."completedAt" IS NULL AND pr."dueAt" < ${now} THEN 1 ELSE 0 END) AS "overdue",
      SUM(CASE WHEN e."examBest" IS NOT NULL THEN 1 ELSE 0 END) AS "examTaken",
      SUM(CASE WHEN e."examPassed" = TRUE THEN 1 ELSE 0 END) AS "examPassed",
      SUM(e."examBest") AS "examScoreSum"
    ${factsSql(filters, scope, byAssignment)}
    GROUP BY u."unitId", pr."key"`;
  return rows.map((r) => {
    const counted = Number(r.counted);
    const completed = Number(r.completed ?? 0);
    const inProgress = Number(r.inProgress ?? 0);
    return {
      unitId: r.unitId,
      key: r.key,
      counts: {
        counted,
        completed,
        inProgress,
        notStarted: counted - completed - inProgress,
        overdue: Number(r.overdue ?? 0),
        examTaken: Number(r.examTaken ?? 0),
        examPassed: Number(r.examPassed ?? 0),
        examScoreSum: Number(r.examScoreSum ?? 0),
      } satisfies Counts,
    };
  });
}

export type ReportRow = {
  unit: { id: string; name: string; kind: string; depth: number; childCount: number } | null;
  /** Per course (or assignment) id, and "total" over all of them. */
  byKey: Record<string, Counts>;
  total: Counts;
};

/**
 * The report for a unit (or the actor's whole scope): one row for the unit itself (its whole
 * subtree, or only its own members) and, with the subtree, one row per direct child unit with that
 * child's subtree — the next level of the drill-down. Keys are courses, or assignments when
 * `byAssignment`. Figures are summed from per-unit counts, so every person is in exactly one row
 * of each level.
 */
export async function completionReport(options: { actor: AuthUser; filters: ReportFilters; byAssignment?: boolean }) {
  const { actor, filters } = options;
  const byAssignment = options.byAssignment ?? !!filters.assignmentId;
  await checkAssignment(actor, filters.assignmentId);
  const scope = await resolveScope(actor, filters);
  const [units, counts] = await Promise.all([
    listUnits({ withinPath: scopePathFor(actor) }),
    countsByUnit(filters, scope, byAssignment),
  ]);
  const unitById = new Map(units.map((u) => [u.id, u]));
  const base = scope.unitId ? unitById.get(scope.unitId)! : null;
  // The rows: the unit itself, then its children (or, for the whole scope, its top units).
  const children: UnitNode[] = !scope.subtree
    ? []
    : base
      ? units.filter((u) => u.parentId === base.id)
      : units.filter((u) => u.depth === 0);
  const rowFor = (unit: UnitNode | null): ReportRow => ({
    unit: unit
      ? {
          id: unit.id,
          name: unit.name,
          kind: unit.kind,
          depth: unit.depth,
          childCount: units.filter((x) => x.parentId === unit.id).length,
        }
      : null,
    byKey: {},
    total: zero(),
  });
  const baseRow = rowFor(base);
  const childRows = children.map(rowFor);
  const pathOf = (unitId: string) => unitById.get(unitId)?.path ?? "";
  for (const { unitId, key, counts: c } of counts) {
    const targets = [baseRow];
    const path = pathOf(unitId);
    const child = childRows.find((r) => path.startsWith(unitById.get(r.unit!.id)!.path));
    if (child) targets.push(child);
    for (const row of targets) {
      add((row.byKey[key] ??= zero()), c);
      add(row.total, c);
    }
  }
  const keyIds = [...new Set(counts.map((c) => c.key))];
  const keys = byAssignment
    ? (
        await prisma.assignment.findMany({
          where: { id: { in: keyIds } },
          select: { id: true, title: true, dueAt: true, course: { select: { title: true } } },
          orderBy: { dueAt: "asc" },
        })
      ).map((a) => ({ id: a.id, title: `${a.title} (${a.course.title})` }))
    : await prisma.course.findMany({
        where: { id: { in: keyIds } },
        select: { id: true, title: true },
        orderBy: [{ position: "asc" }, { title: "asc" }],
      });
  const breadcrumb = base
    ? units.filter((u) => base.path.startsWith(u.path) && u.id !== base.id).map((u) => ({ id: u.id, name: u.name }))
    : [];
  return { scope, base: baseRow, children: childRows, keys, byAssignment, breadcrumb };
}

export type PersonRow = {
  userId: string;
  fullName: string;
  email: string;
  position: string;
  unitName: string;
  courseId: string;
  courseTitle: string;
  key: string;
  dueAt: Date | null;
  startedAt: Date | null;
  completedAt: Date | null;
  examBest: number | null;
  examPassed: boolean;
  lastActivityAt: Date | null;
  status: "not_started" | "in_progress" | "completed";
  overdue: boolean;
};

const asDate = (v: string | Date | null) => (v === null ? null : new Date(v));

export type PersonKey = {
  userId: string;
  courseId: string;
  key: string;
  fullName: string;
  dueAt: string | Date | null;
};

/** The (person, course) keys behind a number, sorted the Vietnamese way; details come in pages. */
export async function peopleKeys(options: {
  actor: AuthUser;
  filters: ReportFilters;
  status: ReportStatus;
  byAssignment?: boolean;
}) {
  const { actor, filters } = options;
  const byAssignment = options.byAssignment ?? !!filters.assignmentId;
  await checkAssignment(actor, filters.assignmentId);
  const scope = await resolveScope(actor, filters);
  const rows = await prisma.$queryRaw<PersonKey[]>`
    SELECT pr."userId" AS "userId", pr."courseId" AS "courseId", pr."key" AS "key", u."fullName" AS "fullName",
           pr."dueAt" AS "dueAt"
    ${factsSql(filters, scope, byAssignment)} AND ${statusSql(options.status, filters.now)}`;
  return { rows: sortPeople(rows), scope, byAssignment };
}

/** By tên, then họ đệm (the shared Vietnamese order); one person's courses stay together. */
export function sortPeople<T extends { fullName: string; courseId?: string }>(rows: T[]) {
  const byCourse = [...rows].sort((a, b) => (a.courseId ?? "").localeCompare(b.courseId ?? ""));
  // Array.prototype.sort is stable: the name order keeps the course order within a person.
  return sortByVietnameseName(byCourse);
}

/**
 * Full rows for some keys (a page, or a chunk of an export), in the given order: indexed lookups
 * by the listed people only, never the whole population again.
 */
export async function peopleDetails(options: { keys: PersonKey[]; now: Date }): Promise<PersonRow[]> {
  if (!options.keys.length) return [];
  const userIds = [...new Set(options.keys.map((k) => k.userId))];
  const courseIds = [...new Set(options.keys.map((k) => k.courseId))];
  // Completion, best exam and last activity are the enrolment's facts: one indexed read per chunk.
  const [users, enrollments, courses] = await Promise.all([
    prisma.user.findMany({
      where: { id: { in: userIds } },
      select: { id: true, fullName: true, email: true, position: true, unit: { select: { name: true } } },
    }),
    prisma.enrollment.findMany({
      where: { userId: { in: userIds }, courseId: { in: courseIds } },
      select: {
        userId: true,
        courseId: true,
        startedAt: true,
        completedAt: true,
        examBest: true,
        examPassed: true,
        lastActivityAt: true,
      },
    }),
    prisma.course.findMany({ where: { id: { in: courseIds } }, select: { id: true, title: true } }),
  ]);
  const pair = (u: string, c: string) => `${u}|${c}`;
  const userOf = new Map(users.map((u) => [u.id, u]));
  const factsOf = new Map(enrollments.map((e) => [pair(e.userId, e.courseId), e]));
  const titleOf = new Map(courses.map((c) => [c.id, c.title]));
  return options.keys.map((k) => {
    const u = userOf.get(k.userId)!;
    const p = pair(k.userId, k.courseId);
    const facts = factsOf.get(p);
    const completedAt = facts?.completedAt ?? null;
    const startedAt = facts?.startedAt ?? null;
    const dueAt = asDate(k.dueAt);
    return {
      userId: k.userId,
      fullName: u.fullName,
      email: u.email,
      position: u.position,
      unitName: u.unit.name,
      courseId: k.courseId,
      courseTitle: titleOf.get(k.courseId) ?? k.courseId,
      key: k.key,
      dueAt,
      startedAt,
      completedAt,
      examBest: facts?.examBest ?? null,
      examPassed: facts?.examPassed ?? false,
      lastActivityAt: facts?.lastActivityAt ?? null,
      status: completedAt ? "completed" : startedAt ? "in_progress" : "not_started",
      overdue: !completedAt && !!dueAt && dueAt < options.now,
    };
  });
}

export type PersonExtras = {
  percent: number;
  lessonsDone: number;
  lessonsTotal: number;
  quizzesPassed: number;
  quizzesTotal: number;
  certificate: string | null;
};

/**
 * Progress %, quiz results and certificate for listed people: a handful of grouped
 * queries per page (or export chunk), against the course as it is now. Progress counts lessons done
 * and quizzes passed over the course's current items; a completed course is 100 %.
 */
export async function peopleExtras(rows: PersonRow[]): Promise<Map<string, PersonExtras>> {
  const out = new Map<string, PersonExtras>();
  if (!rows.length) return out;
  const userIds = [...new Set(rows.map((r) => r.userId))];
  const courseIds = [...new Set(rows.map((r) => r.courseId))];
  const users = Prisma.join(userIds);
  const courseList = Prisma.join(courseIds);
  const [lessonTotals, quizTotals, lessonsDone, quizzesPassed, certificates] = await Promise.all([
    prisma.$queryRaw<{ courseId: string; n: bigint | number }[]>`
      SELECT l."courseId" AS "courseId", COUNT(*) AS "n" FROM "Lesson" l JOIN "Module" m ON m."id" = l."moduleId"
      WHERE l."courseId" IN (${courseList}) AND l."removedAt" IS NULL AND l."status" = 'published'
        AND m."removedAt" IS NULL AND m."status" = 'published'
      GROUP BY l."courseId"`,
    prisma.$queryRaw<{ courseId: string; n: bigint | number }[]>`
      SELECT q."courseId" AS "courseId", COUNT(*) AS "n" FROM "Quiz" q
      WHERE q."courseId" IN (${courseList}) AND q."removedAt" IS NULL GROUP BY q."courseId"`,
    prisma.$queryRaw<{ userId: string; courseId: string; n: bigint | number }[]>`
      SELECT lp."userId" AS "userId", l."courseId" AS "courseId", COUNT(*) AS "n"
      FROM "LessonProgress" lp JOIN "Lesson" l ON l."id" = lp."lessonId"
      WHERE lp."userId" IN (${users}) AND l."courseId" IN (${courseList}) AND lp."completedAt" IS NOT NULL
        AND l."removedAt" IS NULL AND l."status" = 'published'
      GROUP BY lp."userId", l."courseId"`,
    prisma.$queryRaw<{ userId: string; courseId: string; n: bigint | number }[]>`
      SELECT qa."userId" AS "userId", q."courseId" AS "courseId", COUNT(DISTINCT qa."quizId") AS "n"
      FROM "QuizAttempt" qa JOIN "Quiz" q ON q."id" = qa."quizId"
      WHERE qa."userId" IN (${users}) AND q."courseId" IN (${courseList}) AND qa."passed" = TRUE AND q."removedAt" IS NULL
      GROUP BY qa."userId", q."courseId"`,
    prisma.certificate.findMany({
      where: { userId: { in: userIds }, courseId: { in: courseIds }, revokedAt: null },
      select: { userId: true, courseId: true, serial: true },
    }),
  ]);
  const num = (v: bigint | number | undefined) => Number(v ?? 0);
  const pairKey = (u: string, c: string) => `${u}|${c}`;
  const totalLessons = new Map(lessonTotals.map((r) => [r.courseId, num(r.n)]));
  const totalQuizzes = new Map(quizTotals.map((r) => [r.courseId, num(r.n)]));
  const done = new Map(lessonsDone.map((r) => [pairKey(r.userId, r.courseId), num(r.n)]));
  const passed = new Map(quizzesPassed.map((r) => [pairKey(r.userId, r.courseId), num(r.n)]));
  const certs = new Map(certificates.map((c) => [pairKey(c.userId, c.courseId), c.serial]));
  for (const r of rows) {
    const k = pairKey(r.userId, r.courseId);
    const lessonsTotal = totalLessons.get(r.courseId) ?? 0;
    const quizzesTotal = totalQuizzes.get(r.courseId) ?? 0;
    const lessonsDoneN = Math.min(done.get(k) ?? 0, lessonsTotal);
    const quizzesPassedN = Math.min(passed.get(k) ?? 0, quizzesTotal);
    const items = lessonsTotal + quizzesTotal;
    out.set(k, {
      percent: r.completedAt ? 100 : items ? Math.round(((lessonsDoneN + quizzesPassedN) / items) * 100) : 0,
      lessonsDone: lessonsDoneN,
      lessonsTotal,
      quizzesPassed: quizzesPassedN,
      quizzesTotal,
      certificate: certs.get(k) ?? null,
    });
  }
  return out;
}

export const PEOPLE_PAGE_SIZE = 50;

/** One page of the people behind a number, with everything the drill-down shows. */
export async function peoplePage(options: {
  actor: AuthUser;
  filters: ReportFilters;
  status: ReportStatus;
  page: number;
}) {
  const { rows: keys } = await peopleKeys(options);
  const pageCount = Math.max(1, Math.ceil(keys.length / PEOPLE_PAGE_SIZE));
  const page = Math.min(Math.max(1, options.page), pageCount);
  const slice = keys.slice((page - 1) * PEOPLE_PAGE_SIZE, page * PEOPLE_PAGE_SIZE);
  const rows = await peopleDetails({ keys: slice, now: options.filters.now });
  const extras = await peopleExtras(rows);
  return {
    total: keys.length,
    page,
    pageCount,
    rows: rows.map((r) => ({ ...r, ...extras.get(`${r.userId}|${r.courseId}`)! })),
  };
}

/**
 * Every person behind a number, in export chunks: the sorted keys are small; details and extras
 * are read 1,000 at a time, so memory stays flat however many rows go out.
 */
export async function* peopleForExport(options: { actor: AuthUser; filters: ReportFilters; status: ReportStatus }) {
  const { rows: keys } = await peopleKeys(options);
  const CHUNK = 1000;
  for (let i = 0; i < keys.length; i += CHUNK) {
    const rows = await peopleDetails({ keys: keys.slice(i, i + CHUNK), now: options.filters.now });
    const extras = await peopleExtras(rows);
    for (const r of rows) yield { ...r, ...extras.get(`${r.userId}|${r.courseId}`)! };
  }
}
