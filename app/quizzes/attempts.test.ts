import fs from "node:fs";

import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { buildContent } from "~/content/build.server";
import { prisma } from "~/db.server";
import {
  getAttemptForTaking,
  getAttemptResult,
  getQuizStanding,
  GRACE_MS,
  saveAnswers,
  startAttempt,
  submitAttempt,
} from "~/quizzes/attempts.server";
import { seededRandom } from "~/quizzes/draw";

import { quizSource, writeContentFixture } from "../../tests/content-fixture";
import { makeUser } from "../../tests/factories";
import { answerForm, formIdOf } from "../../tests/quiz-forms";

const QUIZ = "khoa-thu/chuong-mot";
let root = "";
beforeAll(async () => {
  root = writeContentFixture({
    "courses/khoa-thu/01-chuong-mot/quiz.yml": quizSource(
      "  draw: 5\n  timeLimitMinutes: 10\n  maxAttempts: 3\n  minWaitMinutes: 5\n  passPercent: 60\n  showAnswers: after_each_attempt",
    ),
  });
  const report = await buildContent({ root });
  expect(report.problems).toEqual([]);
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** Answers written with bank ids, sent as the page sends them: under the attempt's form ids. */
const form = (attemptId: string, entries: [string, string][]) => answerForm(attemptId, entries);
const ALL_RIGHT: [string, string][] = [
  ["q:t-001", "b"],
  ["q:t-002", "a"],
  ["q:t-002", "c"],
  ["q:t-003", "true"],
  ["q:t-004:c", "1"],
  ["q:t-004:a", "2"],
  ["q:t-004:b", "3"],
  ["q:t-005", "a"],
];
const minutes = (base: Date, n: number) => new Date(base.getTime() + n * 60_000);

describe("starting", () => {
  test("stores the draw; a reload or another device gets the same attempt", async () => {
    const user = await makeUser();
    const first = await startAttempt({ quizId: QUIZ, userId: user.id, random: seededRandom(1) });
    const again = await startAttempt({ quizId: QUIZ, userId: user.id, random: seededRandom(2) });
    expect(again).toEqual({ attemptId: first.attemptId, resumed: true });
    const a = await getAttemptForTaking({ attemptId: first.attemptId, userId: user.id });
    const b = await getAttemptForTaking({ attemptId: first.attemptId, userId: user.id });
    expect(a.questions.map((q) => [q.id, q.options.map((o) => o.id)])).toEqual(
      b.questions.map((q) => [q.id, q.options.map((o) => o.id)]),
    );
    expect(a.questions).toHaveLength(5);
  });

  test("what the learner receives before submitting holds no answers or explanations", async () => {
    const user = await makeUser();
    const { attemptId } = await startAttempt({ quizId: QUIZ, userId: user.id });
    const json = JSON.stringify(await getAttemptForTaking({ attemptId, userId: user.id }));
    expect(json).not.toMatch(/"answer"|"correct"|explanation|Vì b\.|Một, hai, ba/);
  });

  test("options reach the page under random per-attempt ids, never the bank's ids", async () => {
    const user = await makeUser();
    const other = await makeUser();
    const { attemptId } = await startAttempt({ quizId: QUIZ, userId: user.id, random: seededRandom(1) });
    const second = await startAttempt({ quizId: QUIZ, userId: other.id, random: seededRandom(1) });
    const taking = await getAttemptForTaking({ attemptId, userId: user.id });
    const bankIds = new Set(["a", "b", "c", "d", "e"]);
    const shown = taking.questions.flatMap((q) => q.options.map((o) => o.id));
    expect(shown.length).toBeGreaterThan(8);
    for (const id of shown) expect(bankIds.has(id), id).toBe(false);
    expect(new Set(shown).size).toBe(shown.length);
    // The same draw for another learner has other ids.
    const theirs = (await getAttemptForTaking({ attemptId: second.attemptId, userId: other.id })).questions.flatMap(
      (q) => q.options.map((o) => o.id),
    );
    expect(theirs.filter((id) => shown.includes(id))).toEqual([]);
    // A bank id posted as an answer is no option of this attempt; saved answers come back in form ids.
    await expect(
      saveAnswers({
        attemptId,
        userId: user.id,
        formData: (() => {
          const f = new FormData();
          f.append("q:t-001", "b");
          return f;
        })(),
      }),
    ).rejects.toMatchObject({ status: 400 });
    await saveAnswers({ attemptId, userId: user.id, formData: await form(attemptId, [["q:t-001", "b"]]) });
    const stored = await prisma.attemptAnswer.findFirstOrThrow({ where: { attemptId, questionId: "t-001" } });
    expect(stored.response).toBe('"b"');
    const resumed = await getAttemptForTaking({ attemptId, userId: user.id });
    expect(resumed.responses["t-001"]).toBe((await formIdOf(attemptId))("t-001", "b"));
  });

  test("another user's attempt is not found", async () => {
    const owner = await makeUser();
    const other = await makeUser();
    const { attemptId } = await startAttempt({ quizId: QUIZ, userId: owner.id });
    await expect(getAttemptForTaking({ attemptId, userId: other.id })).rejects.toMatchObject({ status: 404 });
    await expect(
      saveAnswers({ attemptId, userId: other.id, formData: await form(attemptId, [["q:t-001", "b"]]) }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(submitAttempt({ attemptId, userId: other.id })).rejects.toMatchObject({ status: 404 });
    await expect(getAttemptResult({ attemptId, userId: other.id })).rejects.toMatchObject({ status: 404 });
  });
});

describe("answering and grading", () => {
  test("all right scores 100 and the review shows answers and explanations", async () => {
    const user = await makeUser();
    const { attemptId } = await startAttempt({ quizId: QUIZ, userId: user.id });
    const result = await submitAttempt({ attemptId, userId: user.id, formData: await form(attemptId, ALL_RIGHT) });
    expect(result).toMatchObject({ alreadySubmitted: false, score: 100, passed: true });
    const review = await getAttemptResult({ attemptId, userId: user.id });
    expect(review?.showAnswers).toBe(true);
    expect(review?.review.every((r) => r.points === 1 && "correct" in r && r.explanationHtml)).toBe(true);
  });

  test("partial credit counts, and answers saved earlier are kept when submitting", async () => {
    const user = await makeUser();
    const { attemptId } = await startAttempt({ quizId: QUIZ, userId: user.id });
    await saveAnswers({ attemptId, userId: user.id, formData: await form(attemptId, [["q:t-002", "a"]]) }); // 1/2 of a partial question
    await saveAnswers({ attemptId, userId: user.id, formData: await form(attemptId, [["q:t-001", "b"]]) });
    const result = await submitAttempt({ attemptId, userId: user.id });
    expect(result.score).toBe(30); // (1 + 0.5) / 5
    expect(result.passed).toBe(false);
  });

  test.each([
    ["a question not in the attempt", [["q:t-999", "a"]]],
    ["an option that does not exist", [["q:t-001", "z"]]],
    [
      "two choices for a single-answer question",
      [
        ["q:t-001", "a"],
        ["q:t-001", "b"],
      ],
    ],
    ["a true/false answer that is neither", [["q:t-003", "co-le"]]],
  ] as [string, [string, string][]][])("%s is refused and changes nothing", async (_name, entries) => {
    const user = await makeUser();
    const { attemptId } = await startAttempt({ quizId: QUIZ, userId: user.id });
    await saveAnswers({ attemptId, userId: user.id, formData: await form(attemptId, [["q:t-005", "a"]]) });
    await expect(
      saveAnswers({ attemptId, userId: user.id, formData: await form(attemptId, [["q:t-001", "b"], ...entries]) }),
    ).rejects.toMatchObject({ status: 400 });
    await expect(
      submitAttempt({ attemptId, userId: user.id, formData: await form(attemptId, entries) }),
    ).rejects.toMatchObject({
      status: 400,
    });
    const saved = await prisma.attemptAnswer.findMany({ where: { attemptId } });
    expect(saved.map((a) => a.questionId)).toEqual(["t-005"]);
    expect((await prisma.quizAttempt.findUniqueOrThrow({ where: { id: attemptId } })).status).toBe("in_progress");
  });

  test("a repeated position costs only that ordering question: the others are saved, its earlier answer kept", async () => {
    const user = await makeUser();
    const { attemptId } = await startAttempt({ quizId: QUIZ, userId: user.id });
    const orderedRight: [string, string][] = [
      ["q:t-004:c", "1"],
      ["q:t-004:a", "2"],
      ["q:t-004:b", "3"],
    ];
    await saveAnswers({ attemptId, userId: user.id, formData: await form(attemptId, orderedRight) });
    const formData = await form(attemptId, [
      ["q:t-001", "b"],
      ["q:t-004:a", "1"],
      ["q:t-004:b", "1"],
      ["q:t-004:c", "2"],
      ["q:t-005", "a"],
    ]);
    formData.set("complete", "1"); // a whole-form post without JavaScript
    const result = await saveAnswers({ attemptId, userId: user.id, formData });
    expect(result.questionErrors).toEqual({ "q:t-004": "Mỗi vị trí chỉ được dùng cho một phương án." });
    const saved = await prisma.attemptAnswer.findMany({ where: { attemptId }, orderBy: { questionId: "asc" } });
    expect(saved.map((a) => [a.questionId, JSON.parse(a.response)])).toEqual([
      ["t-001", "b"],
      ["t-004", ["c", "a", "b"]],
      ["t-005", "a"],
    ]);
  });

  test("a partly ordered question is saved, shown again as it was, and graded by its scoring", async () => {
    const user = await makeUser();
    const { attemptId } = await startAttempt({ quizId: QUIZ, userId: user.id });
    const formData = await form(attemptId, [
      ["q:t-004:c", "1"],
      ["q:t-004:a", ""],
      ["q:t-004:b", "3"],
    ]);
    await saveAnswers({ attemptId, userId: user.id, formData });
    const taking = await getAttemptForTaking({ attemptId, userId: user.id });
    const formId = await formIdOf(attemptId);
    expect(taking.responses["t-004"]).toEqual([formId("t-004", "c"), "", formId("t-004", "b")]);
    const graded = await submitAttempt({ attemptId, userId: user.id });
    // t-004 is all-or-nothing in the fixture: two of three in place earn nothing.
    expect(graded.score).toBe(0);
    const review = await getAttemptResult({ attemptId, userId: user.id });
    expect(review?.review.find((r) => r.type === "ordering")?.response).toEqual(["c", "", "b"]);
  });

  test("a double submission or a replay changes nothing after the first", async () => {
    const user = await makeUser();
    const { attemptId } = await startAttempt({ quizId: QUIZ, userId: user.id });
    const first = await submitAttempt({
      attemptId,
      userId: user.id,
      formData: await form(attemptId, [["q:t-001", "b"]]),
    });
    const replay = await submitAttempt({ attemptId, userId: user.id, formData: await form(attemptId, ALL_RIGHT) });
    expect(replay).toMatchObject({ alreadySubmitted: true });
    const stored = await prisma.quizAttempt.findUniqueOrThrow({ where: { id: attemptId } });
    expect(stored.score).toBe(first.score);
    await expect(
      saveAnswers({ attemptId, userId: user.id, formData: await form(attemptId, ALL_RIGHT) }),
    ).rejects.toMatchObject({
      status: 409,
    });
  });

  test("two submissions racing grade exactly once", async () => {
    const user = await makeUser();
    const { attemptId } = await startAttempt({ quizId: QUIZ, userId: user.id });
    const results = await Promise.all([
      submitAttempt({ attemptId, userId: user.id, formData: await form(attemptId, ALL_RIGHT) }),
      submitAttempt({ attemptId, userId: user.id, formData: await form(attemptId, ALL_RIGHT) }),
    ]);
    expect(results.filter((r) => !r.alreadySubmitted)).toHaveLength(1);
  });
});

describe("time limit, attempts and waiting", () => {
  test("after the deadline nothing is saved and the submission is graded on what was saved in time", async () => {
    const user = await makeUser();
    const t0 = new Date("2026-11-29T02:00:00Z");
    const { attemptId } = await startAttempt({ quizId: QUIZ, userId: user.id, now: t0 });
    await saveAnswers({
      attemptId,
      userId: user.id,
      formData: await form(attemptId, [["q:t-001", "b"]]),
      now: minutes(t0, 5),
    });
    // Within the grace period, still accepted.
    await saveAnswers({
      attemptId,
      userId: user.id,
      formData: await form(attemptId, [["q:t-005", "a"]]),
      now: new Date(minutes(t0, 10).getTime() + GRACE_MS - 1000),
    });
    await expect(
      saveAnswers({
        attemptId,
        userId: user.id,
        formData: await form(attemptId, [["q:t-003", "true"]]),
        now: minutes(t0, 11),
      }),
    ).rejects.toMatchObject({ status: 409 });
    const late = await submitAttempt({
      attemptId,
      userId: user.id,
      formData: await form(attemptId, ALL_RIGHT),
      now: minutes(t0, 20),
    });
    expect(late.score).toBe(40); // t-001 and t-005 only
    const stored = await prisma.quizAttempt.findUniqueOrThrow({ where: { id: attemptId } });
    expect(stored.timedOut).toBe(true);
    expect(stored.submittedAt?.toISOString()).toBe(minutes(t0, 10).toISOString());
  });

  test("an attempt left open past its deadline is graded when the learner comes back", async () => {
    const user = await makeUser();
    const t0 = new Date("2026-11-29T03:00:00Z");
    const { attemptId } = await startAttempt({ quizId: QUIZ, userId: user.id, now: t0 });
    await saveAnswers({
      attemptId,
      userId: user.id,
      formData: await form(attemptId, [["q:t-001", "b"]]),
      now: minutes(t0, 1),
    });
    const standing = await getQuizStanding({ quizId: QUIZ, userId: user.id, now: minutes(t0, 30) });
    expect(standing?.inProgress).toBeNull();
    expect(standing?.attempts[0]).toMatchObject({ status: "submitted", score: 20, timedOut: true });
  });

  test("enforces the wait between attempts and the maximum number of attempts", async () => {
    const user = await makeUser();
    let now = new Date("2026-11-29T04:00:00Z");
    for (let i = 0; i < 3; i++) {
      const { attemptId } = await startAttempt({ quizId: QUIZ, userId: user.id, now });
      await submitAttempt({ attemptId, userId: user.id, now: minutes(now, 1) });
      if (i < 2) {
        await expect(startAttempt({ quizId: QUIZ, userId: user.id, now: minutes(now, 3) })).rejects.toMatchObject({
          status: 409,
        });
        const standing = await getQuizStanding({ quizId: QUIZ, userId: user.id, now: minutes(now, 3) });
        expect(standing?.blocked).toMatchObject({ reason: "wait", until: minutes(now, 6) });
      }
      now = minutes(now, 7);
    }
    await expect(startAttempt({ quizId: QUIZ, userId: user.id, now })).rejects.toMatchObject({ status: 409 });
    expect((await getQuizStanding({ quizId: QUIZ, userId: user.id, now }))?.blocked).toEqual({
      reason: "max-attempts",
    });
  });
});
