import { prisma } from "~/db.server";
import { Prisma } from "~/generated/prisma/client";

/** Unit audiences reach learners only; trainers and administrators count when named. */
const isLearner = (userId: Prisma.Sql) =>
  Prisma.sql`EXISTS (SELECT 1 FROM "UserRole" r WHERE r."userId" = ${userId} AND r."role" = 'LEARNER')`;

/**
 * Who an assignment reaches, evaluated from the current state of units and users every time it is
 * read (never copied into rows): a unit's members, with includeSubtree every unit whose materialised
 * path starts with its path (people holding the LEARNER role), plus the named users (any role). Deactivated users are dropped by the callers that
 * count (reports) and by `listMembers`, so a reactivated user comes back without any bookkeeping.
 *
 * Portable SQL (SQLite today, PostgreSQL later): quoted identifiers, `||` concatenation, LIKE, TRUE.
 */
export function membershipSql(where: Prisma.Sql, options: { withinPath?: string } = {}) {
  // Reports on a xã read only the xã's members: the scope is applied before any grouping.
  const within = options.withinPath ?? "/";
  // The reached units first (a few thousand rows at most), then their members through the
  // User.unitId index. UNION ALL: a person reached twice by one assignment appears twice, and every
  // caller groups by person (the counting rule "each person once" lives in one GROUP BY).
  // MATERIALIZED (SQLite 3.35+, PostgreSQL 12+) keeps the planner from walking every user first.
  return Prisma.sql`
    WITH "mu" AS MATERIALIZED (
      SELECT a."id" AS "assignmentId", a."courseId" AS "courseId", a."dueAt" AS "dueAt",
             a."closedAt" AS "closedAt", m."id" AS "unitId"
      FROM "Assignment" a
      JOIN "AssignmentUnit" au ON au."assignmentId" = a."id"
      JOIN "Unit" t ON t."id" = au."unitId"
      JOIN "Unit" m ON m."path" LIKE t."path" || '%'
      WHERE ${where} AND (au."includeSubtree" = TRUE OR m."id" = t."id") AND m."path" LIKE ${within + "%"}
    )
    SELECT u."id" AS "userId", mu."assignmentId" AS "assignmentId", mu."courseId" AS "courseId",
           mu."dueAt" AS "dueAt", mu."closedAt" AS "closedAt"
    FROM "mu" mu
    JOIN "User" u ON u."unitId" = mu."unitId"
    WHERE ${isLearner(Prisma.sql`u."id"`)}
    UNION ALL
    SELECT nu."userId" AS "userId", a."id" AS "assignmentId", a."courseId" AS "courseId",
           a."dueAt" AS "dueAt", a."closedAt" AS "closedAt"
    FROM "Assignment" a
    JOIN "AssignmentUser" nu ON nu."assignmentId" = a."id"
    ${
      within === "/"
        ? Prisma.empty
        : Prisma.sql`JOIN "User" nuu ON nuu."id" = nu."userId" JOIN "Unit" nun ON nun."id" = nuu."unitId" AND nun."path" LIKE ${within + "%"}`
    }
    WHERE ${where}`;
}

/**
 * Whether the user (by id, unit id and unit path expressions of an outer query) is in assignment
 * `a`'s audience: for correlated use, one user at a time.
 */
export function isMemberSql(user: { id: Prisma.Sql; unitId: Prisma.Sql; unitPath: Prisma.Sql }) {
  return Prisma.sql`(
    EXISTS (SELECT 1 FROM "AssignmentUser" nu WHERE nu."assignmentId" = a."id" AND nu."userId" = ${user.id})
    OR (${isLearner(user.id)} AND EXISTS (SELECT 1 FROM "AssignmentUnit" au JOIN "Unit" t ON t."id" = au."unitId"
               WHERE au."assignmentId" = a."id"
                 AND (t."id" = ${user.unitId} OR (au."includeSubtree" = TRUE AND ${user.unitPath} LIKE t."path" || '%')))))`;
}

/** Active members of one assignment, with their unit. */
export async function listMembers(assignmentId: string) {
  return prisma.$queryRaw<{ userId: string; fullName: string; unitId: string; unitName: string }[]>`
    SELECT DISTINCT mem."userId" AS "userId", u."fullName" AS "fullName", u."unitId" AS "unitId", un."name" AS "unitName"
    FROM (${membershipSql(Prisma.sql`a."id" = ${assignmentId}`)}) mem
    JOIN "User" u ON u."id" = mem."userId" AND u."active" = TRUE
    JOIN "Unit" un ON un."id" = u."unitId"`;
}
