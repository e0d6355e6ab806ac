-- AlterTable
ALTER TABLE "Enrollment" ADD COLUMN "startedAt" DATETIME;

-- CreateTable
CREATE TABLE "Assignment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "courseId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "startAt" DATETIME NOT NULL,
    "dueAt" DATETIME NOT NULL,
    "closedAt" DATETIME,
    "ownerUnitId" TEXT,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Assignment_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Assignment_ownerUnitId_fkey" FOREIGN KEY ("ownerUnitId") REFERENCES "Unit" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Assignment_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AssignmentUnit" (
    "assignmentId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "includeSubtree" BOOLEAN NOT NULL DEFAULT true,

    PRIMARY KEY ("assignmentId", "unitId"),
    CONSTRAINT "AssignmentUnit_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "Assignment" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AssignmentUnit_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AssignmentUser" (
    "assignmentId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,

    PRIMARY KEY ("assignmentId", "userId"),
    CONSTRAINT "AssignmentUser_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "Assignment" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AssignmentUser_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Assignment_courseId_idx" ON "Assignment"("courseId");

-- CreateIndex
CREATE INDEX "Assignment_ownerUnitId_idx" ON "Assignment"("ownerUnitId");

-- CreateIndex
CREATE INDEX "AssignmentUnit_unitId_idx" ON "AssignmentUnit"("unitId");

-- CreateIndex
CREATE INDEX "AssignmentUser_userId_idx" ON "AssignmentUser"("userId");

-- Backfill: an enrolment has started when the learner has opened any lesson of the course.
UPDATE "Enrollment" SET "startedAt" = (
    SELECT MIN(lp."startedAt") FROM "LessonProgress" lp JOIN "Lesson" l ON l."id" = lp."lessonId"
    WHERE lp."userId" = "Enrollment"."userId" AND l."courseId" = "Enrollment"."courseId"
);
