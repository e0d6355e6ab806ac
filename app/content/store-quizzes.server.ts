import crypto from "node:crypto";

import type { CheckedCourse } from "~/content/check.server";
import type { ParsedBank } from "~/content/quiz-banks.server";
import { prisma } from "~/db.server";
import { renderInlineMarkdown } from "~/utils/markdown";

/** Stores a course's banks as Quiz and Question rows; unchanged banks (same hash) are skipped. */
export async function storeQuizBanks(course: CheckedCourse) {
  if (!course.meta) return;
  const lessonIds = new Map(course.modules.flatMap((m) => m.lessons.map((l) => [l.slug, l.id] as const)));
  const wanted: { id: string; bank: ParsedBank; moduleId: string | null; kind: "module" | "exam"; title: string }[] =
    [];
  for (const mod of course.modules) {
    if (mod.bank && mod.meta)
      wanted.push({
        id: `${course.slug}/${mod.slug}`,
        bank: mod.bank,
        moduleId: `${course.slug}/${mod.slug}`,
        kind: "module",
        title: `Bài kiểm tra chương: ${mod.meta.title}`,
      });
  }
  if (course.exam)
    wanted.push({
      id: `${course.slug}/exam`,
      bank: course.exam,
      moduleId: null,
      kind: "exam",
      title: `Bài thi cuối khóa: ${course.meta.title}`,
    });

  const storedQuizzes = new Map(
    (
      await prisma.quiz.findMany({
        where: { courseId: course.slug },
        select: { id: true, sourceHash: true, removedAt: true },
      })
    ).map((q) => [q.id, q]),
  );
  for (const quiz of wanted) {
    const hash = crypto.createHash("sha256").update(quiz.title).update("\0").update(quiz.bank.source).digest("hex");
    const stored = storedQuizzes.get(quiz.id);
    if (stored?.sourceHash === hash && !stored.removedAt) continue;
    const data = {
      courseId: course.slug,
      moduleId: quiz.moduleId,
      kind: quiz.kind,
      title: quiz.title,
      settings: JSON.stringify(quiz.bank.settings),
      sourceHash: hash,
      removedAt: null,
    };
    await prisma.$transaction(async (tx) => {
      await tx.quiz.upsert({ where: { id: quiz.id }, update: data, create: { id: quiz.id, ...data } });
      for (const [position, q] of quiz.bank.questions.entries()) {
        const row = {
          quizId: quiz.id,
          courseId: course.slug,
          type: q.type,
          promptHtml: renderInlineMarkdown(q.prompt),
          options: JSON.stringify(
            "options" in q ? q.options.map((o) => ({ id: o.id, html: renderInlineMarkdown(o.text) })) : [],
          ),
          answer: JSON.stringify(q.answer),
          scoring: "scoring" in q ? q.scoring : "all_or_nothing",
          explanationHtml: renderInlineMarkdown(q.explanation),
          lessonId: lessonIds.get(q.lesson) ?? "",
          difficulty: q.difficulty,
          tags: JSON.stringify(q.tags),
          position,
          removedAt: null,
        };
        await tx.question.upsert({ where: { id: q.id }, update: row, create: { id: q.id, ...row } });
      }
      // Questions taken out of the bank stay for past attempts' reviews, but are never drawn again.
      await tx.question.updateMany({
        where: { quizId: quiz.id, id: { notIn: quiz.bank.questions.map((q) => q.id) }, removedAt: null },
        data: { removedAt: new Date() },
      });
    });
  }
  if ([...storedQuizzes.values()].some((q) => !q.removedAt && !wanted.some((w) => w.id === q.id))) {
    await prisma.quiz.updateMany({
      where: { courseId: course.slug, id: { notIn: wanted.map((w) => w.id) }, removedAt: null },
      data: { removedAt: new Date() },
    });
  }
}
