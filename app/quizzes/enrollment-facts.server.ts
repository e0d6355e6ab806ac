import type { Db } from "~/db.server";
import { Prisma } from "~/generated/prisma/client";

/**
 * The per-(person, course) facts kept on Enrollment for the reports: earliest completion, best
 * final-exam score, whether a final exam passed, last activity. They are recomputed from their
 * sources (CourseCompletion, QuizAttempt, LessonProgress) by one statement, run in the transaction
 * of every write that changes a source, so they are exact by construction and the province
 * report reads one row per pair instead of grouping ~300,000 attempts per request.
 *
 * It lives with the quizzes because that is the lowest domain writing one of its sources (quiz
 * submission); `progress` calls it for lessons and completions. Portable SQL: correlated
 * subqueries on the updated table, CASE, EXISTS (a boolean on PostgreSQL, 0/1 on SQLite).
 * `migration.sql` of `enrollment_facts` holds a copy for the backfill (migrations are frozen).
 */
export const ENROLLMENT_FACTS_SET = `
  "completedAt" = (
    SELECT MIN(cc."completedAt") FROM "CourseCompletion" cc
    WHERE cc."userId" = "Enrollment"."userId" AND cc."courseId" = "Enrollment"."courseId"),
  "examBest" = (
    SELECT MAX(qa."score") FROM "QuizAttempt" qa JOIN "Quiz" q ON q."id" = qa."quizId"
    WHERE qa."userId" = "Enrollment"."userId" AND q."courseId" = "Enrollment"."courseId"
      AND q."kind" = 'exam' AND qa."status" = 'submitted'),
  "examPassed" = EXISTS (
    SELECT 1 FROM "QuizAttempt" qa JOIN "Quiz" q ON q."id" = qa."quizId"
    WHERE qa."userId" = "Enrollment"."userId" AND q."courseId" = "Enrollment"."courseId"
      AND q."kind" = 'exam' AND qa."status" = 'submitted' AND qa."passed" = TRUE),
  "lastActivityAt" = (
    SELECT MAX(t."at") FROM (
      SELECT CASE WHEN lp."completedAt" IS NULL OR lp."completedAt" < lp."startedAt"
                  THEN lp."startedAt" ELSE lp."completedAt" END AS "at"
      FROM "LessonProgress" lp JOIN "Lesson" l ON l."id" = lp."lessonId"
      WHERE lp."userId" = "Enrollment"."userId" AND l."courseId" = "Enrollment"."courseId"
      UNION ALL
      SELECT qa."submittedAt" AS "at" FROM "QuizAttempt" qa JOIN "Quiz" q ON q."id" = qa."quizId"
      WHERE qa."userId" = "Enrollment"."userId" AND q."courseId" = "Enrollment"."courseId"
        AND qa."submittedAt" IS NOT NULL
    ) t)`;

/**
 * The statement that brings one enrolment's facts up to date (no row when not enrolled), for a
 * course, or for the course of a quiz (the submission knows only its quiz).
 */
export function refreshEnrollmentFactsSql(options: { userId: string } & ({ courseId: string } | { quizId: string })) {
  const course =
    "courseId" in options
      ? Prisma.sql`${options.courseId}`
      : Prisma.sql`(SELECT q."courseId" FROM "Quiz" q WHERE q."id" = ${options.quizId})`;
  return Prisma.sql`UPDATE "Enrollment" SET ${Prisma.raw(ENROLLMENT_FACTS_SET)}
    WHERE "userId" = ${options.userId} AND "courseId" = ${course}`;
}

export function refreshEnrollmentFacts(db: Db, options: { userId: string; courseId: string }) {
  return db.$executeRaw(refreshEnrollmentFactsSql(options));
}
