import { describe, expect, test } from "vitest";

import { drawQuestions, drawRandom, type PoolQuestion, seededRandom } from "~/quizzes/draw";
import { gradeTotals, scoreResponse } from "~/quizzes/grading";
import type { QuizSettings } from "~/quizzes/settings";

describe("scoreResponse", () => {
  test("single and true/false: exact or nothing", () => {
    expect(scoreResponse({ type: "single", answer: "b", scoring: "all_or_nothing" }, "b")).toBe(1);
    expect(scoreResponse({ type: "single", answer: "b", scoring: "all_or_nothing" }, "a")).toBe(0);
    expect(scoreResponse({ type: "single", answer: "b", scoring: "all_or_nothing" }, null)).toBe(0);
    expect(scoreResponse({ type: "true_false", answer: false, scoring: "all_or_nothing" }, false)).toBe(1);
    expect(scoreResponse({ type: "true_false", answer: false, scoring: "all_or_nothing" }, true)).toBe(0);
  });

  test("multiple, all or nothing", () => {
    const q = { type: "multiple" as const, answer: ["a", "c"], scoring: "all_or_nothing" };
    expect(scoreResponse(q, ["c", "a"])).toBe(1);
    expect(scoreResponse(q, ["a"])).toBe(0);
    expect(scoreResponse(q, ["a", "c", "d"])).toBe(0);
  });

  test("multiple, partial: right minus wrong over right, never negative", () => {
    const q = { type: "multiple" as const, answer: ["a", "c", "d"], scoring: "partial" };
    expect(scoreResponse(q, ["a", "c", "d"])).toBe(1);
    expect(scoreResponse(q, ["a", "c"])).toBeCloseTo(2 / 3);
    expect(scoreResponse(q, ["a", "b"])).toBe(0);
    expect(scoreResponse(q, ["a", "c", "b"])).toBeCloseTo(1 / 3);
    expect(scoreResponse(q, ["a", "b", "c", "d", "e"])).toBeCloseTo(1 / 3);
    expect(scoreResponse(q, ["b", "e"])).toBe(0);
  });

  test("ordering, all or nothing and partial by position", () => {
    const whole = { type: "ordering" as const, answer: ["c", "a", "d", "b"], scoring: "all_or_nothing" };
    expect(scoreResponse(whole, ["c", "a", "d", "b"])).toBe(1);
    expect(scoreResponse(whole, ["c", "a", "b", "d"])).toBe(0);
    const partial = { ...whole, scoring: "partial" };
    expect(scoreResponse(partial, ["c", "a", "b", "d"])).toBe(0.5);
    expect(scoreResponse(partial, ["b", "d", "a", "c"])).toBe(0);
  });

  test("totals round to one decimal and compare with the pass mark", () => {
    expect(gradeTotals({ points: 7, maxPoints: 10, passPercent: 70 })).toEqual({ score: 70, passed: true });
    expect(gradeTotals({ points: 2 / 3, maxPoints: 3, passPercent: 70 })).toEqual({ score: 22.2, passed: false });
  });
});

describe("drawQuestions", () => {
  const pool: PoolQuestion[] = Array.from({ length: 20 }, (_, i) => ({
    id: `q${i}`,
    type: i % 5 === 0 ? "true_false" : "single",
    difficulty: i < 5 ? "hard" : i < 12 ? "medium" : "easy",
    tags: i % 2 ? ["le"] : ["chan"],
    options: [{ id: "a" }, { id: "b" }, { id: "c" }],
  }));
  const base: QuizSettings = {
    draw: 8,
    shuffleQuestions: true,
    shuffleOptions: true,
    passPercent: 70,
    minWaitMinutes: 0,
    showAnswers: "after_each_attempt",
  };

  test("draws the requested number of distinct questions, deterministically for a seed", () => {
    const a = drawQuestions({ own: pool, settings: base, random: seededRandom(7) });
    const b = drawQuestions({ own: pool, settings: base, random: seededRandom(7) });
    expect(a).toEqual(b);
    expect(a).toHaveLength(8);
    expect(new Set(a.map((q) => q.questionId)).size).toBe(8);
    expect(a.find((q) => q.questionId === "q0")?.optionOrder ?? []).toEqual([]);
  });

  test("a configured seed makes each attempt's draw reproducible, and varies it by quiz and attempt", () => {
    const draw = (quizId: string, attemptNumber: number) =>
      drawQuestions({ own: pool, settings: base, random: drawRandom({ seed: 1, quizId, attemptNumber }) });
    expect(draw("c/m", 1)).toEqual(draw("c/m", 1));
    expect(draw("c/m", 2)).not.toEqual(draw("c/m", 1));
    expect(draw("c/other", 1)).not.toEqual(draw("c/m", 1));
    expect(drawRandom({ seed: undefined, quizId: "c/m", attemptNumber: 1 })).toBe(Math.random);
  });

  test("meets difficulty and tag quotas", () => {
    const layout = drawQuestions({
      own: pool,
      settings: { ...base, draw: { count: 8, byDifficulty: { hard: 3 }, byTag: { le: 2 } } },
      random: seededRandom(3),
    });
    const drawn = layout.map((l) => pool.find((q) => q.id === l.questionId)!);
    expect(drawn.filter((q) => q.difficulty === "hard").length).toBeGreaterThanOrEqual(3);
    expect(drawn.filter((q) => q.tags.includes("le")).length).toBeGreaterThanOrEqual(2);
    expect(drawn).toHaveLength(8);
  });

  test("without shuffling keeps bank order and option order", () => {
    const layout = drawQuestions({
      own: pool,
      settings: { ...base, shuffleQuestions: false, shuffleOptions: false },
      random: seededRandom(1),
    });
    const ids = layout.map((l) => Number(l.questionId.slice(1)));
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    expect(layout.find((l) => l.optionOrder.length)?.optionOrder).toEqual(["a", "b", "c"]);
  });

  test("the exam adds questions from the module banks", () => {
    const modules = pool.map((q) => ({ ...q, id: `m-${q.id}` }));
    const layout = drawQuestions({
      own: pool.slice(0, 5),
      modules,
      settings: { ...base, draw: 5, fromModules: 6 },
      random: seededRandom(9),
    });
    expect(layout).toHaveLength(11);
    expect(layout.filter((l) => l.questionId.startsWith("m-"))).toHaveLength(6);
  });
});
