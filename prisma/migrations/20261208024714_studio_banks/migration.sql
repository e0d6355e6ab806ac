-- CreateTable
CREATE TABLE "QuizBankDraft" (
    "quizId" TEXT NOT NULL PRIMARY KEY,
    "sourcePath" TEXT NOT NULL,
    "fileSource" TEXT NOT NULL,
    "draftSource" TEXT NOT NULL,
    "publishedSource" TEXT,
    "publishedAt" DATETIME,
    "publishedById" TEXT,
    "updatedById" TEXT,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "QuizBankDraft_quizId_fkey" FOREIGN KEY ("quizId") REFERENCES "Quiz" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "QuizBankDraft_publishedById_fkey" FOREIGN KEY ("publishedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "QuizBankDraft_updatedById_fkey" FOREIGN KEY ("updatedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "QuizBankDraft_publishedById_idx" ON "QuizBankDraft"("publishedById");

-- CreateIndex
CREATE INDEX "QuizBankDraft_updatedById_idx" ON "QuizBankDraft"("updatedById");
