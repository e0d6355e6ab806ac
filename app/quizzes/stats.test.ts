import fs from "node:fs";

import { afterAll, beforeAll, expect, test } from "vitest";

import { buildContent } from "~/content/build.server";
import { startAttempt, submitAttempt } from "~/quizzes/attempts.server";
import { getQuizStats } from "~/quizzes/stats.server";

import { quizSource, writeContentFixture } from "../../tests/content-fixture";
import { makeUser } from "../../tests/factories";
import { answerForm } from "../../tests/quiz-forms";

const QUIZ = "khoa-thu/chuong-mot";
let root = "";
beforeAll(async () => {
  // Five questions, five drawn: every attempt shows every question.
  root = writeContentFixture({ "courses/khoa-thu/01-chuong-mot/quiz.yml": quizSource("  draw: 5\n  passPercent: 60") });
  expect((await buildContent({ root })).problems).toEqual([]);
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

async function submit(entries: [string, string][]) {
  const user = await makeUser();
  const { attemptId } = await startAttempt({ quizId: QUIZ, userId: user.id });
  // Written with bank ids, sent under the attempt's form ids as the page would.
  await submitAttempt({ attemptId, userId: user.id, formData: await answerForm(attemptId, entries) });
}

test("statistics count shown, right and the most chosen wrong option per question", async () => {
  expect((await getQuizStats(QUIZ)).attempts).toBe(0);
  // One learner answers everything right; two answer t-001 with the wrong "a" and t-003 "Sai",
  // one of them also picks a wrong option in t-002, and they leave the rest blank.
  await submit([
    ["q:t-001", "b"],
    ["q:t-002", "a"],
    ["q:t-002", "c"],
    ["q:t-003", "true"],
    ["q:t-004:c", "1"],
    ["q:t-004:a", "2"],
    ["q:t-004:b", "3"],
    ["q:t-005", "a"],
  ]);
  await submit([
    ["q:t-001", "a"],
    ["q:t-003", "false"],
    ["q:t-002", "b"],
  ]);
  await submit([
    ["q:t-001", "a"],
    ["q:t-003", "false"],
  ]);
  const stats = await getQuizStats(QUIZ);
  expect(stats.attempts).toBe(3);
  const row = (id: string) => stats.questions.find((q) => q.id === id)!;
  expect(row("t-001")).toMatchObject({
    shown: 3,
    answered: 3,
    percentRight: 33,
    topWrong: { label: "Phương án sai", times: 2 },
  });
  expect(row("t-003")).toMatchObject({ shown: 3, answered: 3, percentRight: 33, topWrong: { label: "Sai", times: 2 } });
  // A blank counts as not right; the wrong pick in a multiple question is the option chosen.
  expect(row("t-002")).toMatchObject({
    shown: 3,
    answered: 2,
    percentRight: 33,
    topWrong: { label: "Phương án sai", times: 1 },
  });
  expect(row("t-005")).toMatchObject({ shown: 3, answered: 1, percentRight: 33, topWrong: null });
  // Hardest first.
  const percents = stats.questions.map((q) => q.percentRight);
  expect(percents).toEqual([...percents].sort((a, b) => a - b));
});
