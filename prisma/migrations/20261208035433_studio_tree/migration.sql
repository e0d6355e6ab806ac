-- AlterTable
ALTER TABLE "Course" ADD COLUMN "createdInStudioAt" DATETIME;
ALTER TABLE "Course" ADD COLUMN "treeEditedAt" DATETIME;

-- AlterTable
ALTER TABLE "Module" ADD COLUMN "createdInStudioAt" DATETIME;
ALTER TABLE "Module" ADD COLUMN "retiredAt" DATETIME;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ReflectionNote" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "lessonId" TEXT NOT NULL,
    "reflectionId" TEXT NOT NULL,
    "answer" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "sharedWithTrainer" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "ReflectionNote_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "ReflectionNote_lessonId_fkey" FOREIGN KEY ("lessonId") REFERENCES "Lesson" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_ReflectionNote" ("answer", "createdAt", "id", "lessonId", "reflectionId", "updatedAt", "userId") SELECT "answer", "createdAt", "id", "lessonId", "reflectionId", "updatedAt", "userId" FROM "ReflectionNote";
DROP TABLE "ReflectionNote";
ALTER TABLE "new_ReflectionNote" RENAME TO "ReflectionNote";
CREATE UNIQUE INDEX "ReflectionNote_userId_lessonId_reflectionId_key" ON "ReflectionNote"("userId", "lessonId", "reflectionId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
