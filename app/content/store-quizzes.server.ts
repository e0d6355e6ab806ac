import crypto from "node:crypto";

import type { CheckedCourse } from "~/content/check.server";
import type { Problem } from "~/content/frontmatter.server";
import type { ParsedBank } from "~/content/quiz-banks.server";
import { displayPath } from "~/content/tree.server";
import { prisma } from "~/db.server";
import { renderInlineMarkdown } from "~/utils/markdown";

/** The client a `prisma.$transaction(async (tx) => …)` callback gets. */
type Tx = Omit<typeof prisma, "$extends" | "$transaction" | "$connect" | "$disconnect" | "$on">;

export type StoredBank = {
  id: string;
  courseId: string;
  moduleId: string | null;
  kind: "module" | "exam";
  title: string;
  bank: ParsedBank;
};

/** Hash of what a bank row is built from: unchanged banks are not stored again. */
export const bankHash = (options: { title: string; source: string }) =>
  crypto.createHash("sha256").update(options.title).update("\0").update(options.source).digest("hex");

/**
 * Writes one bank as its Quiz and Question rows (inside the caller's transaction). Used by content:build
 * and by the studio's publish, so both make a bank live the same way: new attempts draw the active
 * questions; attempts under way keep the draw and answer key they stored when they started.
 */
export async function storeBank(tx: Tx, options: StoredBank & { lessonIds: Map<string, string> }) {
  const { bank } = options;
  const data = {
    courseId: options.courseId,
    moduleId: options.moduleId,
    kind: options.kind,
    title: options.title,
    settings: JSON.stringify(bank.settings),
    sourceHash: bankHash({ title: options.title, source: bank.source }),
    removedAt: null,
  };
  await tx.quiz.upsert({ where: { id: options.id }, update: data, create: { id: options.id, ...data } });
  for (const [position, q] of bank.questions.entries()) {
    const row = {
      quizId: options.id,
      courseId: options.courseId,
      type: q.type,
      promptHtml: renderInlineMarkdown(q.prompt),
      options: JSON.stringify(
        "options" in q ? q.options.map((o) => ({ id: o.id, html: renderInlineMarkdown(o.text) })) : [],
      ),
      answer: JSON.stringify(q.answer),
      scoring: "scoring" in q ? q.scoring : "all_or_nothing",
      explanationHtml: renderInlineMarkdown(q.explanation),
      lessonId: options.lessonIds.get(q.lesson) ?? "",
      difficulty: q.difficulty,
      tags: JSON.stringify(q.tags),
      position,
      removedAt: null,
    };
    await tx.question.upsert({ where: { id: q.id }, update: row, create: { id: q.id, ...row } });
  }
  // Questions taken out of the bank or retired stay for past attempts' reviews and statistics, but are
  // never drawn again.
  await tx.question.updateMany({
    where: { quizId: options.id, id: { notIn: bank.questions.map((q) => q.id) }, removedAt: null },
    data: { removedAt: new Date() },
  });
}

/**
 * Stores a course's banks as Quiz and Question rows; unchanged banks (same hash) are skipped. A bank the
 * studio has taken over is stored from the studio's published text, never from a file edited on disk
 * meanwhile: that file is reported in `skipped` (as lessons are).
 */
export async function storeQuizBanks(course: CheckedCourse): Promise<{ skipped: Problem[] }> {
  const skipped: Problem[] = [];
  if (!course.meta) return { skipped };
  const lessonIds = new Map(course.modules.flatMap((m) => m.lessons.map((l) => [l.slug, l.id] as const)));
  const wanted: StoredBank[] = [];
  for (const mod of course.modules) {
    if (mod.bank && mod.meta)
      wanted.push({
        id: `${course.slug}/${mod.slug}`,
        courseId: course.slug,
        bank: mod.bank,
        moduleId: `${course.slug}/${mod.slug}`,
        kind: "module",
        title: `Bài kiểm tra chương: ${mod.meta.title}`,
      });
  }
  if (course.exam)
    wanted.push({
      id: `${course.slug}/exam`,
      courseId: course.slug,
      bank: course.exam,
      moduleId: null,
      kind: "exam",
      title: `Bài thi cuối khóa: ${course.meta.title}`,
    });

  const storedQuizzes = new Map(
    (
      await prisma.quiz.findMany({
        where: { courseId: course.slug },
        select: {
          id: true,
          sourceHash: true,
          removedAt: true,
          studioDraft: { select: { fileSource: true, draftSource: true, publishedSource: true } },
        },
      })
    ).map((q) => [q.id, q]),
  );
  for (const quiz of wanted) {
    const stored = storedQuizzes.get(quiz.id);
    const studio = stored?.studioDraft;
    if (studio) {
      const known = [studio.fileSource, studio.draftSource, studio.publishedSource];
      if (!known.includes(quiz.bank.source)) {
        skipped.push({
          file: displayPath(quiz.bank.file),
          line: 1,
          message:
            "bỏ qua: ngân hàng câu hỏi đã được sửa trong studio, tệp này không ghi đè lên studio — hãy chạy npm run content:export rồi hợp nhất thay đổi của tệp",
        });
        continue;
      }
      // The live questions are the studio's published ones; a file holding an older text is not new work.
      if (studio.publishedSource !== null && quiz.bank.source !== studio.publishedSource) continue;
    }
    if (stored?.sourceHash === bankHash({ title: quiz.title, source: quiz.bank.source }) && !stored.removedAt) continue;
    await prisma.$transaction((tx) => storeBank(tx, { ...quiz, lessonIds }));
  }
  if ([...storedQuizzes.values()].some((q) => !q.removedAt && !wanted.some((w) => w.id === q.id))) {
    await prisma.quiz.updateMany({
      where: { courseId: course.slug, id: { notIn: wanted.map((w) => w.id) }, removedAt: null },
      data: { removedAt: new Date() },
    });
  }
  return { skipped };
}
