import { describe, expect, test } from "vitest";

import { guessingOutcome, type GuessQuestion, guessResponse } from "~/quizzes/guessing";
import { QuizSettingsSchema } from "~/quizzes/settings";

const choice = (id: string, right: string, lengths: Record<string, number>): GuessQuestion => ({
  id,
  type: "single",
  answer: right,
  scoring: "all_or_nothing",
  difficulty: "medium",
  tags: [],
  options: Object.entries(lengths).map(([o, n]) => ({ id: o, html: "x".repeat(n) })),
});
const trueFalse = (id: string, answer: boolean): GuessQuestion => ({
  id,
  type: "true_false",
  answer,
  scoring: "all_or_nothing",
  difficulty: "medium",
  tags: [],
  options: [],
});
const settings = (draw: number, passPercent: number) =>
  QuizSettingsSchema.parse({ draw, passPercent, shuffleQuestions: true, shuffleOptions: true });

describe("a no-knowledge strategy", () => {
  test("picks the longest option, the first of equals in the order shown, and always answers Sai", () => {
    const q = choice("q1", "b", { a: 3, b: 9, c: 9 });
    expect(guessResponse(q, ["c", "a", "b"])).toBe("c");
    expect(guessResponse({ ...q, type: "multiple", answer: ["b"] }, ["a", "b", "c"])).toEqual(["b"]);
    expect(guessResponse(trueFalse("t", true), [])).toBe(false);
  });

  test("a bank whose right answer is always the longest, with false statements, passes by guessing", () => {
    const own = [
      ...Array.from({ length: 6 }, (_, i) => choice(`c${i}`, "b", { a: 5, b: 40, c: 7 })),
      ...Array.from({ length: 4 }, (_, i) => trueFalse(`t${i}`, false)),
    ];
    const outcome = guessingOutcome({ own, modules: [], settings: settings(5, 70) });
    expect(outcome).toMatchObject({
      expectedScore: 100,
      passProbability: 100,
      longestRight: { total: 6, right: 6 },
      falseRight: { total: 4, right: 4 },
    });
  });

  test("a balanced bank: the draw decides, and the figures are those of the exact binomial", () => {
    // 5 of 10 questions fall to the strategy; drawing 4, passing needs 3 of them (≥ 70 %):
    // P = [C(5,3)·C(5,1) + C(5,4)] / C(10,4) = (50 + 5) / 210 ≈ 26.2 %; expected score 50 %.
    const own = [
      ...Array.from({ length: 5 }, (_, i) => choice(`r${i}`, "b", { a: 5, b: 40 })),
      ...Array.from({ length: 5 }, (_, i) => choice(`w${i}`, "a", { a: 5, b: 40 })),
    ];
    const outcome = guessingOutcome({ own, modules: [], settings: settings(4, 70) });
    expect(outcome.passProbability).toBeGreaterThan(23);
    expect(outcome.passProbability).toBeLessThan(29.5);
    expect(outcome.expectedScore).toBeGreaterThan(47);
    expect(outcome.expectedScore).toBeLessThan(53);
    // Seeded: the same figures every time.
    expect(guessingOutcome({ own, modules: [], settings: settings(4, 70) })).toEqual(outcome);
  });
});
