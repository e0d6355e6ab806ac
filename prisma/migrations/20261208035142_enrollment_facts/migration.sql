-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Enrollment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "courseId" TEXT NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'self',
    "enrolledAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dueAt" DATETIME,
    "startedAt" DATETIME,
    "completedAt" DATETIME,
    "examBest" REAL,
    "examPassed" BOOLEAN NOT NULL DEFAULT false,
    "lastActivityAt" DATETIME,
    CONSTRAINT "Enrollment_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Enrollment_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Enrollment" ("courseId", "dueAt", "enrolledAt", "id", "source", "startedAt", "userId") SELECT "courseId", "dueAt", "enrolledAt", "id", "source", "startedAt", "userId" FROM "Enrollment";
DROP TABLE "Enrollment";
ALTER TABLE "new_Enrollment" RENAME TO "Enrollment";
CREATE INDEX "Enrollment_courseId_idx" ON "Enrollment"("courseId");
CREATE UNIQUE INDEX "Enrollment_userId_courseId_key" ON "Enrollment"("userId", "courseId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- Backfill the report facts from their sources (a copy of ENROLLMENT_FACTS_SET in
-- app/quizzes/enrollment-facts.server.ts as of this migration).
UPDATE "Enrollment" SET
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
    ) t);
