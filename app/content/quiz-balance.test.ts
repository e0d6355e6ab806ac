import { describe, expect, test } from "vitest";

import {
  BALANCE_LIMITS,
  balanceProblems,
  bankBalance,
  noKnowledgePassProbability,
  noKnowledgeResponse,
} from "~/content/quiz-balance";
import type { BankQuestion } from "~/content/quiz-banks.server";
import type { QuizSettings } from "~/quizzes/settings";

const base = { lesson: "bai-mot", difficulty: "medium" as const, tags: [], explanation: "Vì." };
const settings = (draw: number, passPercent = 70, extra: Partial<QuizSettings> = {}): QuizSettings => ({
  draw,
  shuffleQuestions: true,
  shuffleOptions: true,
  passPercent,
  minWaitMinutes: 0,
  showAnswers: "after_passing",
  ...extra,
});

/** A single item; `texts` in option order a, b, c…, `answer` an option id. */
const single = (id: string, texts: string[], answer: string): BankQuestion => ({
  ...base,
  id,
  type: "single",
  prompt: `Câu ${id}?`,
  options: texts.map((text, i) => ({ id: "abcdef"[i]!, text })),
  answer,
});
const trueFalse = (id: string, answer: boolean): BankQuestion => ({
  ...base,
  id,
  type: "true_false",
  prompt: `Nhận định ${id}.`,
  answer,
});
const multiple = (id: string, texts: string[], answer: string[], scoring = "all_or_nothing"): BankQuestion => ({
  ...base,
  id,
  type: "multiple",
  prompt: `Chọn các ý đúng (${id}).`,
  options: texts.map((text, i) => ({ id: "abcdef"[i]!, text })),
  answer,
  scoring: scoring as "partial" | "all_or_nothing",
});
const ordering = (id: string, answer: string[]): BankQuestion => ({
  ...base,
  id,
  type: "ordering",
  prompt: `Sắp xếp (${id}).`,
  options: answer.map((o) => ({ id: o, text: `Bước ${o}` })),
  answer,
  scoring: "all_or_nothing",
});

/** The classic give-away: the right option is always the long, careful one. */
function giveAwayBank() {
  const questions: BankQuestion[] = [];
  for (let i = 1; i <= 12; i++)
    questions.push(
      single(
        `g-${i}`,
        ["Không", "Tùy cấp trên", "Lắng nghe, giải thích rõ và làm đúng điều đã hứa với dân", "Chờ chỉ đạo"],
        "c",
      ),
    );
  for (let i = 1; i <= 4; i++) questions.push(trueFalse(`g-tf-${i}`, false));
  for (let i = 1; i <= 3; i++)
    questions.push(multiple(`g-m-${i}`, ["Ý đúng một", "Ý đúng hai", "Ý đúng ba", "Sai"], ["a", "b", "c"]));
  return questions;
}

/** Options of the same length, answers spread over the letters, true/false and multiple varied. */
function balancedBank() {
  const questions: BankQuestion[] = [];
  const texts = ["Phương án A", "Phương án B", "Phương án C", "Phương án D"];
  for (let i = 0; i < 12; i++) questions.push(single(`b-${i}`, texts, "abcd"[i % 4]!));
  for (let i = 0; i < 4; i++) questions.push(trueFalse(`b-tf-${i}`, i % 2 === 0));
  questions.push(multiple("b-m-1", ["Ý một", "Ý hai", "Ý ba", "Ý bốn"], ["a", "b"]));
  questions.push(multiple("b-m-2", ["Ý một", "Ý hai", "Ý ba", "Ý bốn"], ["b", "c", "d"]));
  questions.push(multiple("b-m-3", ["Ý một", "Ý hai", "Ý ba", "Ý bốn", "Ý năm"], ["a", "e"]));
  questions.push(ordering("b-o-1", ["c", "a", "b", "d"]));
  return questions;
}

describe("the no-knowledge strategy", () => {
  test("picks the longest single option (first shown on a tie), 'Sai', all but the shortest, the shown order", () => {
    const q = single("s", ["Ngắn", "Dài hơn hẳn", "Dài hơn nữa", "Vừa"], "a");
    expect(noKnowledgeResponse(q, ["d", "c", "b", "a"])).toBe("c");
    expect(noKnowledgeResponse(q, ["b", "c", "a", "d"])).toBe("b");
    expect(noKnowledgeResponse(trueFalse("t", true), [])).toBe(false);
    const m = multiple("m", ["Một", "Hai ba", "Bốn năm", "Sáu bảy"], ["a", "b"]);
    expect(noKnowledgeResponse(m, ["c", "a", "d", "b"])).toEqual(["c", "d", "b"]);
    expect(noKnowledgeResponse(ordering("o", ["b", "a", "c"]), ["c", "b", "a"])).toEqual(["c", "b", "a"]);
  });

  test("is scored with the real grading rules: partial credit counts", () => {
    // All but the shortest is the right set here, and partial scoring gives it full marks.
    const m = multiple("m", ["Ý đúng một", "Ý đúng hai", "Sai"], ["a", "b"], "partial");
    expect(noKnowledgePassProbability({ questions: [m], settings: settings(1), draws: 200 }).passProbability).toBe(1);
    const t = trueFalse("t", true);
    expect(noKnowledgePassProbability({ questions: [t], settings: settings(1), draws: 200 }).passProbability).toBe(0);
  });
});

describe("bankBalance", () => {
  test("a bank whose longest option is always right reports ~100 % and fails every limit", () => {
    const balance = bankBalance({ questions: giveAwayBank(), settings: settings(10) });
    expect(balance.longestCorrect).toHaveLength(12);
    expect(balance.muchLonger.map((m) => m.id)).toContain("g-1");
    expect(balance.passProbability).toBeGreaterThan(0.99);
    const messages = balanceProblems(balance).map((p) => p.message);
    expect(messages.some((m) => m.includes("dài nhất ở 12/12 câu") && m.includes("100 %"))).toBe(true);
    expect(messages.some((m) => m.startsWith("câu g-1: đáp án đúng dài"))).toBe(true);
    expect(messages.some((m) => m.includes("0/4 câu có đáp án “Đúng”"))).toBe(true);
    expect(messages.some((m) => m.includes("3/3 câu có mọi phương án trừ một là đúng"))).toBe(true);
    expect(messages.some((m) => m.includes("đạt bài với xác suất 100 %"))).toBe(true);
    expect(balanceProblems(balance).find((p) => p.message.startsWith("câu g-2:"))?.questionId).toBe("g-2");
  });

  test("a balanced bank passes", () => {
    const balance = bankBalance({ questions: balancedBank(), settings: settings(10) });
    expect(balance.longestCorrect).toEqual([]);
    expect(balance.trueAnswers).toBe(2);
    expect(balance.passProbability).toBeLessThanOrEqual(BALANCE_LIMITS.passProbability);
    expect(balanceProblems(balance)).toEqual([]);
  });

  test("the figure is deterministic", () => {
    const run = () => bankBalance({ questions: balancedBank(), settings: settings(4, 50) }).passProbability;
    const first = run();
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(1);
    expect(run()).toBe(first);
  });

  test("the longest-correct share counts only a strictly longest right option, up to 35 %", () => {
    const texts = ["Bốn chữ cái", "Bốn chữ cái", "Ngắn", "Ngắn"];
    // Tied for longest: not "strictly longest".
    const tied = [0, 1, 2, 3, 4, 5].map((i) => single(`t-${i}`, texts, "a"));
    expect(bankBalance({ questions: tied, settings: settings(6), draws: 10 }).longestCorrect).toEqual([]);
    // 2 of 6 strictly longest (33 %) is allowed; 3 of 6 is not.
    const make = (n: number) =>
      [0, 1, 2, 3, 4, 5].map((i) =>
        single(`l-${i}`, ["Phương án dài", "Phương án ngắn", "Phương án vừa", "Một"], i < n ? "b" : "d"),
      );
    const rule = (n: number) =>
      balanceProblems(bankBalance({ questions: make(n), settings: settings(6), draws: 10 })).some((p) =>
        p.message.includes("câu một đáp án"),
      );
    expect(rule(2)).toBe(false);
    expect(rule(3)).toBe(true);
  });

  test("a right option more than 15 % longer than the longest distractor is named", () => {
    const fine = single("ok", ["Mười ký tự", "Chín ký t", "Mười một ký tự"], "c"); // 14 vs 10: 40 % longer
    const close = single("near", ["Mười ký tự", "Chín ký t", "Mười một k"], "c"); // 10 vs 10
    const balance = bankBalance({ questions: [fine, close], settings: settings(2), draws: 10 });
    expect(balance.muchLonger).toEqual([{ id: "ok", correct: 14, distractor: 10 }]);
  });

  test("true/false balance is reported always, and enforced from 4 items", () => {
    const three = [1, 2, 3].map((i) => trueFalse(`f-${i}`, false));
    const small = bankBalance({ questions: three, settings: settings(3), draws: 10 });
    expect(small.trueFalse).toBe(3);
    expect(balanceProblems(small).some((p) => p.message.includes("câu đúng/sai"))).toBe(false);
    const four = [...three, trueFalse("f-4", true)];
    expect(
      balanceProblems(bankBalance({ questions: four, settings: settings(4), draws: 10 })).some((p) =>
        p.message.includes("1/4 câu có đáp án “Đúng” (25 %"),
      ),
    ).toBe(true);
    const even = [...three.slice(1), trueFalse("f-4", true), trueFalse("f-5", true)];
    expect(
      balanceProblems(bankBalance({ questions: even, settings: settings(4), draws: 10 })).some((p) =>
        p.message.includes("câu đúng/sai"),
      ),
    ).toBe(false);
  });

  test("multiple items must vary their number of right options", () => {
    const allButOne = (id: string) => multiple(id, ["Một", "Hai", "Ba", "Bốn"], ["a", "b", "c"]);
    const two = (id: string) => multiple(id, ["Một", "Hai", "Ba", "Bốn"], ["a", "d"]);
    const rule = (questions: BankQuestion[]) =>
      balanceProblems(bankBalance({ questions, settings: settings(questions.length), draws: 10 })).some((p) =>
        p.message.includes("câu nhiều đáp án"),
      );
    expect(rule([allButOne("m1"), allButOne("m2")])).toBe(false); // fewer than 3 items
    expect(rule([allButOne("m1"), allButOne("m2"), two("m3")])).toBe(true); // 2 of 3
    expect(rule([allButOne("m1"), two("m2"), two("m3"), allButOne("m4")])).toBe(false); // half
  });

  test("an exam is measured over its own draw plus fromModules, at its pass mark", () => {
    const own = balancedBank().slice(0, 12);
    const guessable = giveAwayBank().slice(0, 12);
    const examSettings = settings(4, 75, { fromModules: 12 });
    const exam = bankBalance({ questions: own, settings: examSettings, moduleQuestions: guessable });
    expect(exam.drawSize).toBe(16);
    expect(exam.longestCorrect).toEqual([]); // the exam's own items are balanced…
    expect(exam.passProbability).toBeGreaterThan(0.5); // …but 12 of 16 drawn questions are give-aways
    const alone = bankBalance({ questions: own, settings: { ...examSettings, fromModules: undefined } });
    expect(alone.passProbability).toBeLessThan(0.05);
  });

  test("draw quotas are honoured: a quota of give-aways raises the probability", () => {
    const hard = giveAwayBank()
      .slice(0, 6)
      .map((q) => ({ ...q, difficulty: "hard" as const }));
    const questions = [...balancedBank().slice(0, 12), ...hard];
    const plain = bankBalance({ questions, settings: settings(8, 75) }).passProbability;
    const quota = bankBalance({
      questions,
      settings: settings(8, 75, { draw: { count: 8, byDifficulty: { hard: 6 } } }),
    }).passProbability;
    expect(quota).toBeGreaterThan(plain + 0.3);
  });
});
