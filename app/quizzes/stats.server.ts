import { prisma } from "~/db.server";
import { loadPool } from "~/quizzes/attempts.server";
import { guessingOutcome } from "~/quizzes/guessing";
import type { QuizSettings } from "~/quizzes/settings";
import { readAnswer, readGradedAnswers, readLayout, readOptions, readQuestionType } from "~/quizzes/stored.server";

/**
 * Per-question statistics over submitted attempts, so trainers can spot bad questions: how
 * often a question was shown, the share answered fully right, and the most chosen wrong option.
 */
export async function getQuizStats(quizId: string) {
  const attempts = await prisma.quizAttempt.findMany({
    where: { quizId, status: "submitted" },
    select: { id: true, layout: true, score: true, passed: true, gradedAnswers: true },
  });
  const shown = new Map<string, number>();
  for (const a of attempts)
    for (const entry of readLayout(a.layout)) shown.set(entry.questionId, (shown.get(entry.questionId) ?? 0) + 1);
  const questionIds = [...shown.keys()];
  const questions = await prisma.question.findMany({
    where: { id: { in: questionIds } },
    select: { id: true, type: true, promptHtml: true, options: true, answer: true, quizId: true, removedAt: true },
  });
  const answers = attempts.flatMap((a) => readGradedAnswers(a.gradedAnswers).filter((g) => g.response !== null));
  const rows = questions.map((q) => {
    const mine = answers.filter((a) => a.questionId === q.id);
    const times = shown.get(q.id) ?? 0;
    const right = mine.filter((a) => a.points === 1).length;
    const correct = readAnswer(q.answer);
    const wrongCounts = new Map<string, number>();
    for (const a of mine) {
      const response = a.response;
      if (q.type === "true_false") {
        if (response !== correct)
          wrongCounts.set(response ? "Đúng" : "Sai", (wrongCounts.get(response ? "Đúng" : "Sai") ?? 0) + 1);
      } else if (q.type === "single" || q.type === "multiple") {
        const chosen = Array.isArray(response) ? response : [String(response)];
        const rightSet = new Set(Array.isArray(correct) ? correct : [String(correct)]);
        for (const id of chosen) if (!rightSet.has(id)) wrongCounts.set(id, (wrongCounts.get(id) ?? 0) + 1);
      }
    }
    const [wrongId, wrongTimes] = [...wrongCounts].sort((a, b) => b[1] - a[1])[0] ?? [null, 0];
    const options = readOptions(q.options);
    return {
      id: q.id,
      promptHtml: q.promptHtml,
      fromOtherBank: q.quizId !== quizId,
      removed: !!q.removedAt,
      shown: times,
      answered: mine.length,
      // Unanswered counts as not right: a question people skip is a signal too.
      percentRight: times ? Math.round((right / times) * 100) : 0,
      topWrong: wrongId ? { label: options.find((o) => o.id === wrongId)?.html ?? wrongId, times: wrongTimes } : null,
    };
  });
  rows.sort((a, b) => a.percentRight - b.percentRight || b.shown - a.shown);
  const scores = attempts.map((a) => a.score ?? 0);
  return {
    attempts: attempts.length,
    passRate: attempts.length ? Math.round((attempts.filter((a) => a.passed).length / attempts.length) * 100) : 0,
    averageScore: scores.length ? Math.round((scores.reduce((s, x) => s + x, 0) / scores.length) * 10) / 10 : 0,
    questions: rows,
  };
}

/** How the no-knowledge strategy (app/quizzes/guessing.ts) scores on this quiz's bank and draw. */
export async function getGuessingOutcome(quiz: { id: string; courseId: string; settings: QuizSettings }) {
  const pool = await loadPool(quiz);
  const toGuess = (q: Awaited<ReturnType<typeof loadPool>>["own"][number]) => ({
    ...q,
    type: readQuestionType(q.type),
    answer: readAnswer(q.answer),
  });
  if (!pool.own.length) return null;
  return guessingOutcome({ own: pool.own.map(toGuess), modules: pool.modules.map(toGuess), settings: quiz.settings });
}
