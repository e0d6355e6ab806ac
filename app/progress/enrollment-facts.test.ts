import fs from "node:fs";

import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { createSession, validateSessionToken } from "~/auth/session.server";
import { buildContent } from "~/content/build.server";
import { prisma } from "~/db.server";
import { setUserActive } from "~/org/users.server";
import { completeLesson, enroll, markLessonStarted, recordCompletionIfDone } from "~/progress/progress.server";
import { startAttempt, submitAttempt } from "~/quizzes/attempts.server";
import { completionReport } from "~/reports/reports.server";

import { quizSource, writeContentFixture } from "../../tests/content-fixture";
import { makeUnit, makeUser } from "../../tests/factories";
import { correctAnswerFields } from "../../tests/quiz-forms";

/**
 * The report facts on Enrollment (completedAt, examBest, examPassed, lastActivityAt) follow every
 * event that changes their sources, through the app's own write paths, and never depend on the
 * person's unit or activation (those are read live by the reports).
 */
const COURSE = "khoa-thu";
const EXAM = `${COURSE}/exam`;
let root = "";

beforeAll(async () => {
  root = writeContentFixture({
    "courses/khoa-thu/01-chuong-mot/quiz.yml": quizSource("  draw: 5\n  passPercent: 60"),
    "courses/khoa-thu/exam.yml": quizSource("  draw: 5\n  passPercent: 60").replace(/id: t-0/g, "id: e-0"),
  });
  const report = await buildContent({ root });
  expect(report.problems).toEqual([]);
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const facts = (userId: string) =>
  prisma.enrollment.findUniqueOrThrow({
    where: { userId_courseId: { userId, courseId: COURSE } },
    select: { startedAt: true, completedAt: true, examBest: true, examPassed: true, lastActivityAt: true },
  });

async function takeQuiz(userId: string, quizId: string, pass: boolean) {
  const { attemptId } = await startAttempt({ quizId, userId });
  const form = new FormData();
  if (pass) for (const [name, value] of await correctAnswerFields(attemptId)) form.append(name, value);
  const result = await submitAttempt({ attemptId, userId, formData: form });
  expect(result.passed).toBe(pass);
  // As the attempt route does after a passed submission: the course may be complete now.
  if (pass) await recordCompletionIfDone({ userId, courseId: COURSE });
  return result.score!;
}

const lessons = [`${COURSE}/bai-mot`, `${COURSE}/bai-hai`];

describe("Enrollment report facts", () => {
  test("a lesson started, then done, sets the last activity; nothing else", async () => {
    const { id: userId } = await makeUser();
    await enroll({ userId, courseId: COURSE });
    expect(await facts(userId)).toEqual({
      startedAt: null,
      completedAt: null,
      examBest: null,
      examPassed: false,
      lastActivityAt: null,
    });
    await markLessonStarted({ userId, lessonId: lessons[0]!, courseId: COURSE });
    const started = await facts(userId);
    expect(started.lastActivityAt).toBeInstanceOf(Date);
    const done = new Date(started.lastActivityAt!.getTime() + 60_000);
    await completeLesson({ userId, lessonId: lessons[0]!, courseId: COURSE, now: done });
    expect(await facts(userId)).toMatchObject({ completedAt: null, examBest: null, lastActivityAt: done });
  });

  test("a failed exam, a better second attempt (completing the course), a worse third", async () => {
    const { id: userId } = await makeUser();
    for (const lessonId of lessons) await completeLesson({ userId, lessonId, courseId: COURSE });
    await takeQuiz(userId, `${COURSE}/chuong-mot`, true);
    // A module quiz is not the final exam.
    expect(await facts(userId)).toMatchObject({ examBest: null, examPassed: false, completedAt: null });

    const failed = await takeQuiz(userId, EXAM, false);
    expect(await facts(userId)).toMatchObject({ examBest: failed, examPassed: false, completedAt: null });

    const best = await takeQuiz(userId, EXAM, true);
    expect(best).toBeGreaterThan(failed);
    const completion = await prisma.courseCompletion.findFirstOrThrow({ where: { userId, courseId: COURSE } });
    const afterPass = await facts(userId);
    expect(afterPass).toMatchObject({ examBest: best, examPassed: true, completedAt: completion.completedAt });
    const attempt = await prisma.quizAttempt.findFirstOrThrow({
      where: { userId, quizId: EXAM, passed: true },
      select: { submittedAt: true },
    });
    expect(afterPass.lastActivityAt).toEqual(attempt.submittedAt);

    await takeQuiz(userId, EXAM, false);
    expect(await facts(userId)).toMatchObject({
      examBest: best,
      examPassed: true,
      completedAt: completion.completedAt,
    });
  });

  test("progress made before the enrolment is carried onto it when it is created", async () => {
    const { id: userId } = await makeUser();
    await markLessonStarted({ userId, lessonId: lessons[0]!, courseId: COURSE });
    await enroll({ userId, courseId: COURSE, source: "assigned", dueAt: new Date("2099-01-01") });
    const progress = await prisma.lessonProgress.findFirstOrThrow({ where: { userId } });
    expect(await facts(userId)).toMatchObject({ startedAt: progress.startedAt, lastActivityAt: progress.startedAt });
  });

  test("moving and deactivating a learner move and drop their counts; the facts stay", async () => {
    const province = await makeUnit({ kind: "TINH", name: "Tỉnh Sự Kiện" });
    const a = await makeUnit({ parentId: province.id, name: "Xã Sự Kiện A" });
    const b = await makeUnit({ parentId: province.id, name: "Xã Sự Kiện B" });
    const admin = await makeUser({ roles: ["ADMIN"], unitId: province.id });
    const { token } = await createSession({ userId: admin.id });
    const actor = (await validateSessionToken(token)).user!;
    const { id: userId } = await makeUser({ unitId: a.id });
    for (const lessonId of lessons) await completeLesson({ userId, lessonId, courseId: COURSE });
    await takeQuiz(userId, `${COURSE}/chuong-mot`, true);
    await takeQuiz(userId, EXAM, true);
    const before = await facts(userId);
    expect(before.completedAt).toBeInstanceOf(Date);

    const figures = async () => {
      const r = await completionReport({
        actor,
        filters: { unitId: province.id, subtree: true, courseId: COURSE, now: new Date() },
      });
      const of = (unitId: string) => r.children.find((c) => c.unit!.id === unitId)!.byKey[COURSE];
      return {
        a: of(a.id) && { completed: of(a.id)!.completed, examPassed: of(a.id)!.examPassed },
        b: of(b.id) && { completed: of(b.id)!.completed, examPassed: of(b.id)!.examPassed },
      };
    };
    expect(await figures()).toEqual({ a: { completed: 1, examPassed: 1 }, b: undefined });

    await prisma.user.update({ where: { id: userId }, data: { unitId: b.id } });
    expect(await figures()).toEqual({ a: undefined, b: { completed: 1, examPassed: 1 } });
    expect(await facts(userId)).toEqual(before);

    await setUserActive(actor, userId, false);
    expect(await figures()).toEqual({ a: undefined, b: undefined });
    expect(await facts(userId)).toEqual(before);
  });
});
