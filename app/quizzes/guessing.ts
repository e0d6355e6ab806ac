import { drawQuestions, seededRandom } from "~/quizzes/draw";
import {
  type AnswerValue,
  type GradableQuestion,
  gradeTotals,
  type QuestionType,
  scoreResponse,
} from "~/quizzes/grading";
import type { QuizSettings } from "~/quizzes/settings";

/**
 * How a learner who knows nothing would score on a bank, so trainers can see settings that let
 * guessing pass. The strategy: on a choice question, tick only the longest option (authors often
 * write the right answer most carefully); on true/false, always "Sai"; on an ordering, leave the
 * options in the order shown. Graded by the real grader, over the quiz's own draw settings.
 */

export type GuessQuestion = GradableQuestion & {
  id: string;
  type: QuestionType;
  difficulty: string;
  tags: string[];
  options: { id: string; html: string }[];
};

const textLength = (html: string) => html.replace(/<[^>]*>/g, "").trim().length;

/** The strategy's answer to a question whose options are shown in `optionOrder`. */
export function guessResponse(question: GuessQuestion, optionOrder: string[]): AnswerValue {
  if (question.type === "true_false") return false;
  if (question.type === "ordering") return optionOrder;
  const lengthOf = new Map(question.options.map((o) => [o.id, textLength(o.html)]));
  // The first of the longest, in the order shown.
  const longest = optionOrder.reduce((best, id) => ((lengthOf.get(id) ?? 0) > (lengthOf.get(best) ?? 0) ? id : best));
  return question.type === "multiple" ? [longest] : longest;
}

/** Simulated draws: enough that the pass probability is within about ±2 points (95 %), in well under a second for the largest bank. */
export const GUESS_RUNS = 2_000;
/** A fixed seed: the page shows the same figures on every visit for the same bank. */
const GUESS_SEED = 20_261_208;

/**
 * The strategy on this bank: the share of the bank's questions it gets fully right (by type),
 * and, over GUESS_RUNS seeded simulated draws with the quiz's settings (quotas, shuffling,
 * `fromModules`), the expected score and the probability of reaching the pass mark.
 */
export function guessingOutcome(options: { own: GuessQuestion[]; modules: GuessQuestion[]; settings: QuizSettings }) {
  const bank = [...options.own, ...options.modules];
  const byId = new Map(bank.map((q) => [q.id, q]));
  const random = seededRandom(GUESS_SEED);
  let scoreSum = 0;
  let passes = 0;
  for (let run = 0; run < GUESS_RUNS; run++) {
    const drawn = drawQuestions({ own: options.own, modules: options.modules, settings: options.settings, random });
    let points = 0;
    for (const d of drawn) {
      const q = byId.get(d.questionId)!;
      points += scoreResponse(q, guessResponse(q, d.optionOrder));
    }
    const { score, passed } = gradeTotals({
      points,
      maxPoints: drawn.length,
      passPercent: options.settings.passPercent,
    });
    scoreSum += score;
    if (passed) passes += 1;
  }
  const rightInBank = (type: QuestionType | "choice") => {
    const of = bank.filter((q) => (type === "choice" ? q.type === "single" || q.type === "multiple" : q.type === type));
    const right = of.filter(
      (q) =>
        scoreResponse(
          q,
          guessResponse(
            q,
            q.options.map((o) => o.id),
          ),
        ) === 1,
    ).length;
    return { total: of.length, right };
  };
  return {
    runs: GUESS_RUNS,
    expectedScore: Math.round((scoreSum / GUESS_RUNS) * 10) / 10,
    passProbability: Math.round((passes / GUESS_RUNS) * 1000) / 10,
    longestRight: rightInBank("choice"),
    falseRight: rightInBank("true_false"),
  };
}
