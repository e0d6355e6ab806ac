/**
 * Scoring, one point per question:
 * - single, true_false: 1 if the answer is exactly right, else 0.
 * - multiple, all_or_nothing: 1 only for exactly the right set of options.
 * - multiple, partial: (right options chosen − wrong options chosen) ÷ number of right options,
 *   never below 0 — so ticking everything earns nothing.
 * - ordering, all_or_nothing: 1 only for the whole sequence in order.
 * - ordering, partial: share of options placed in their correct position.
 * No answer scores 0. Pure functions: the server grades, the browser never sees answers.
 */

export type QuestionType = "single" | "multiple" | "true_false" | "ordering";
export type AnswerValue = string | string[] | boolean;
export type GradableQuestion = {
  type: QuestionType;
  answer: AnswerValue;
  scoring: "all_or_nothing" | "partial" | string;
};

export function scoreResponse(question: GradableQuestion, response: AnswerValue | null | undefined): number {
  if (response === null || response === undefined) return 0;
  switch (question.type) {
    case "single":
    case "true_false":
      return response === question.answer ? 1 : 0;
    case "multiple": {
      if (!Array.isArray(response) || !Array.isArray(question.answer)) return 0;
      const right = new Set(question.answer);
      const chosen = new Set(response);
      const hits = [...chosen].filter((o) => right.has(o)).length;
      const wrong = chosen.size - hits;
      if (question.scoring === "partial") return Math.max(0, (hits - wrong) / right.size);
      return hits === right.size && wrong === 0 ? 1 : 0;
    }
    case "ordering": {
      if (!Array.isArray(response) || !Array.isArray(question.answer)) return 0;
      const correct = question.answer.filter((id, i) => response[i] === id).length;
      if (question.scoring === "partial") return correct / question.answer.length;
      return correct === question.answer.length && response.length === question.answer.length ? 1 : 0;
    }
  }
}

/** Percentage rounded to one decimal, and whether it reaches the pass mark. */
export function gradeTotals(options: { points: number; maxPoints: number; passPercent: number }) {
  const score = options.maxPoints ? Math.round((options.points / options.maxPoints) * 1000) / 10 : 0;
  return { score, passed: score >= options.passPercent };
}
