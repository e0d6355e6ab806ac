-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_CourseCompletion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "courseId" TEXT NOT NULL,
    "courseVersion" INTEGER NOT NULL,
    "completedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finalScore" REAL,
    "attemptId" TEXT,
    CONSTRAINT "CourseCompletion_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "CourseCompletion_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "CourseCompletion_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "QuizAttempt" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_CourseCompletion" ("completedAt", "courseId", "courseVersion", "finalScore", "id", "userId") SELECT "completedAt", "courseId", "courseVersion", "finalScore", "id", "userId" FROM "CourseCompletion";
DROP TABLE "CourseCompletion";
ALTER TABLE "new_CourseCompletion" RENAME TO "CourseCompletion";
CREATE INDEX "CourseCompletion_courseId_idx" ON "CourseCompletion"("courseId");
CREATE UNIQUE INDEX "CourseCompletion_userId_courseId_courseVersion_key" ON "CourseCompletion"("userId", "courseId", "courseVersion");
CREATE TABLE "new_QuizAttempt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "quizId" TEXT NOT NULL,
    "layout" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deadlineAt" DATETIME,
    "submittedAt" DATETIME,
    "status" TEXT NOT NULL DEFAULT 'in_progress',
    "passPercent" REAL NOT NULL DEFAULT 70,
    "points" REAL,
    "maxPoints" INTEGER NOT NULL,
    "score" REAL,
    "passed" BOOLEAN,
    "timedOut" BOOLEAN NOT NULL DEFAULT false,
    "gradedAnswers" TEXT,
    "flagged" TEXT NOT NULL DEFAULT '[]',
    CONSTRAINT "QuizAttempt_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "QuizAttempt_quizId_fkey" FOREIGN KEY ("quizId") REFERENCES "Quiz" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_QuizAttempt" ("deadlineAt", "gradedAnswers", "id", "layout", "maxPoints", "passPercent", "passed", "points", "quizId", "score", "startedAt", "status", "submittedAt", "timedOut", "userId") SELECT "deadlineAt", "gradedAnswers", "id", "layout", "maxPoints", "passPercent", "passed", "points", "quizId", "score", "startedAt", "status", "submittedAt", "timedOut", "userId" FROM "QuizAttempt";
DROP TABLE "QuizAttempt";
ALTER TABLE "new_QuizAttempt" RENAME TO "QuizAttempt";
CREATE INDEX "QuizAttempt_userId_quizId_idx" ON "QuizAttempt"("userId", "quizId");
CREATE INDEX "QuizAttempt_quizId_status_idx" ON "QuizAttempt"("quizId", "status");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
