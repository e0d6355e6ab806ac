import type { Page } from "@playwright/test";

import { prisma } from "~/db.server";
import { completeLesson } from "~/progress/progress.server";
import { readOptions } from "~/quizzes/stored.server";

import { makeUser } from "../factories";
import { attemptLayout, formIdOf } from "../quiz-forms";
import { expect, expectAccessible, passQuizOnPage, test } from "./fixtures";

const COURSE = "ky-nang-dan-van-co-so";
const MODULE = "lang-nghe-va-nam-tam-tu";
const PHONE = { width: 390, height: 844 };

/** A fresh learner, signed in, on a new attempt of the module quiz (the seeded draw has every type). */
async function startFresh(page: Page, loginAs: (email: string) => Promise<void>) {
  const learner = await makeUser();
  await loginAs(learner.email);
  await page.goto(`/courses/${COURSE}/quizzes/${MODULE}`);
  await page.getByRole("button", { name: "Bắt đầu làm bài" }).click();
  await expect(page).toHaveURL(/\/attempts\/[a-z0-9]+$/);
  const attemptId = page.url().split("/").pop()!;
  const ids = (await attemptLayout(attemptId)).map((l) => l.questionId);
  const questions = await prisma.question.findMany({ where: { id: { in: ids } } });
  const drawn = ids.map((id) => questions.find((q) => q.id === id)!);
  const formId = await formIdOf(attemptId);
  const ordering = drawn.find((q) => q.type === "ordering")!;
  const choice = drawn.find((q) => q.type === "single")!;
  const trueFalse = drawn.find((q) => q.type === "true_false")!;
  const select = (optionIndex: number) => {
    const option = readOptions(ordering.options)[optionIndex]!.id;
    return page.locator(`select[name="q:${ordering.id}:${formId(ordering.id, option)}"]`);
  };
  const choiceInput = page.locator(
    `input[name="q:${choice.id}"][value="${formId(choice.id, readOptions(choice.options)[0]!.id)}"]`,
  );
  const falseInput = page.locator(`input[name="q:${trueFalse.id}"][value="false"]`);
  return {
    attemptId,
    count: drawn.length,
    ordering,
    orderingSize: readOptions(ordering.options).length,
    select,
    choiceInput,
    falseInput,
    trueFalse,
    choice,
    number: (questionId: string) => ids.indexOf(questionId) + 1,
  };
}

const savedIds = async (attemptId: string) =>
  (await prisma.attemptAnswer.findMany({ where: { attemptId } })).map((a) => a.questionId).sort();

test.describe("on a phone", () => {
  test.use({ viewport: PHONE });

  test("a repeated ordering position costs only that question; navigator, flag and review step, with JavaScript", async ({
    page,
    loginAs,
  }) => {
    const a = await startFresh(page, loginAs);
    await expect(page.getByText(`0/${a.count} câu đã trả lời`)).toBeVisible();
    // Answers given before the page is hydrated would not trigger the background save.
    await page.waitForLoadState("networkidle");
    await a.choiceInput.check();
    await expect(page.getByText(/Đã lưu lúc/)).toBeVisible();
    // Two options at position 1: the error sits next to the question and in the sticky bar.
    await a.select(0).selectOption("1");
    await a.select(1).selectOption("1");
    const status = page.locator(".quiz-status");
    await expect(status).toContainText("Chưa lưu được: Mỗi vị trí chỉ được dùng cho một phương án.");
    await expect(page.locator(`#cau-${a.number(a.ordering.id)} .question-error`)).toBeVisible();
    // A later answer is still saved, and survives a reload.
    await a.falseInput.check();
    await expect.poll(() => savedIds(a.attemptId)).toContain(a.trueFalse.id);
    await page.waitForLoadState("networkidle");
    await page.reload();
    await expect(a.falseInput).toBeChecked();
    await expect(a.choiceInput).toBeChecked();
    // The ordering keeps what was saved before the mistake: the first option alone, at position 1.
    await expect(a.select(0)).toHaveValue("1");
    await expect(a.select(1)).toHaveValue("");
    await expect(page.getByText(`3/${a.count} câu đã trả lời`)).toBeVisible();

    // Fixing the order saves it; flagging shows in the navigator.
    for (let i = 0; i < a.orderingSize; i++) await a.select(i).selectOption(String(i + 1));
    await page
      .getByLabel("Đánh dấu để xem lại")
      .nth(a.number(a.trueFalse.id) - 1)
      .check();
    const navigator = page.getByRole("navigation", { name: "Danh sách câu hỏi" });
    await expect(
      navigator.getByRole("link", { name: `Câu ${a.number(a.trueFalse.id)}: đã trả lời, đánh dấu xem lại` }),
    ).toBeVisible();
    await expect(page.getByText(`3/${a.count} câu đã trả lời`)).toBeVisible();
    await expect(status).toContainText("Đã lưu lúc");
    await expectAccessible(page);
    await page.waitForLoadState("networkidle");

    // "Nộp bài" opens the review step; nothing is graded until it is confirmed.
    await page.getByRole("button", { name: "Nộp bài", exact: true }).click();
    await expect(page).toHaveURL(`/attempts/${a.attemptId}/review`);
    await expect(page.getByRole("heading", { name: `Chưa trả lời (${a.count - 3})` })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Đánh dấu để xem lại (1)" })).toBeVisible();
    await expectAccessible(page);
    expect((await prisma.quizAttempt.findUniqueOrThrow({ where: { id: a.attemptId } })).status).toBe("in_progress");
    await page
      .getByRole("region", { name: /Đánh dấu để xem lại/ })
      .getByRole("link", { name: `Câu ${a.number(a.trueFalse.id)}` })
      .click();
    await expect(page).toHaveURL(`/attempts/${a.attemptId}#cau-${a.number(a.trueFalse.id)}`);
    await page.getByRole("button", { name: "Nộp bài", exact: true }).click();
    await page.getByRole("button", { name: "Xác nhận nộp bài" }).click();
    await expect(page).toHaveURL(`/attempts/${a.attemptId}/result`);
    expect((await prisma.quizAttempt.findUniqueOrThrow({ where: { id: a.attemptId } })).status).toBe("submitted");
  });

  test("a repeated ordering position keeps the rest, shows the error and what was typed; navigator and review page @no-js", async ({
    page,
    loginAs,
  }) => {
    const a = await startFresh(page, loginAs);
    await a.choiceInput.check();
    await a.select(0).selectOption("2");
    await a.select(1).selectOption("2");
    await page
      .getByLabel("Đánh dấu để xem lại")
      .nth(a.number(a.trueFalse.id) - 1)
      .check();
    await page.getByRole("button", { name: "Lưu bài làm" }).click();
    await expect(page.locator(".quiz-status")).toContainText(
      "Chưa lưu được: Mỗi vị trí chỉ được dùng cho một phương án.",
    );
    await expect(page.locator(`#cau-${a.number(a.ordering.id)} .question-error`)).toBeVisible();
    await expect(a.select(0)).toHaveValue("2");
    await expect(a.select(1)).toHaveValue("2");
    await expect(a.choiceInput).toBeChecked();
    await expectAccessible(page);
    expect(await savedIds(a.attemptId)).toEqual([a.choice.id]);

    // From the last save: answered count and the flag.
    await page.goto(`/attempts/${a.attemptId}`);
    await expect(page.getByText(`1/${a.count} câu đã trả lời`)).toBeVisible();
    await expect(
      page.getByRole("link", { name: `Câu ${a.number(a.trueFalse.id)}: chưa trả lời, đánh dấu xem lại` }),
    ).toBeVisible();
    await page.getByRole("button", { name: "Nộp bài", exact: true }).click();
    await expect(page).toHaveURL(`/attempts/${a.attemptId}/review`);
    await expect(page.getByRole("heading", { name: "Đánh dấu để xem lại (1)" })).toBeVisible();
    await expect(page.getByRole("heading", { name: `Chưa trả lời (${a.count - 1})` })).toBeVisible();
    await expectAccessible(page);
    await page.getByRole("button", { name: "Xác nhận nộp bài" }).click();
    await expect(page).toHaveURL(`/attempts/${a.attemptId}/result`);
  });
});

test("the final exam opens only when the lessons and module quiz are done; only the completing result says so", async ({
  page,
  loginAs,
  request,
}) => {
  const course = "nhap-mon-dan-van";
  const learner = await makeUser();
  await loginAs(learner.email);
  await page.goto(`/courses/${course}/quizzes/exam`);
  const gate = page.getByRole("status").filter({ hasText: "Bài thi cuối khóa mở khi bạn đã hoàn thành" });
  await expect(gate.getByRole("link")).toHaveCount(3);
  await expect(page.getByRole("button", { name: "Bắt đầu làm bài" })).toHaveCount(0);
  await expectAccessible(page);
  // Starting it by a direct POST is refused too, and uses up no attempt.
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const direct = await request.post(`/courses/${course}/quizzes/exam`, {
    headers: { Cookie: cookie },
    form: {},
    maxRedirects: 0,
  });
  expect(direct.status()).toBe(403);
  expect(await prisma.quizAttempt.count({ where: { userId: learner.id } })).toBe(0);

  // The learner's real actions: the lessons (as the lesson page records them) and the module quiz.
  for (const lesson of await prisma.lesson.findMany({ where: { courseId: course, removedAt: null } }))
    await completeLesson({ userId: learner.id, lessonId: lesson.id, courseId: course });
  await page.goto(`/courses/${course}/quizzes/exam`);
  await expect(gate.getByRole("link")).toHaveCount(1);
  await gate.getByRole("link").click();
  await page.getByRole("button", { name: "Bắt đầu làm bài" }).click();
  await passQuizOnPage(page);
  const moduleResult = page.url();
  await expect(page.getByText("Bạn đã hoàn thành khóa học")).toHaveCount(0);

  // The next step after a passed quiz: here, the exam.
  await page.getByRole("link", { name: /^Tiếp theo: / }).click();
  await expect(page).toHaveURL(`/courses/${course}/quizzes/exam`);
  await page.getByRole("button", { name: "Bắt đầu làm bài" }).click();
  await passQuizOnPage(page);
  await expect(page.getByText("Bạn đã hoàn thành khóa học")).toBeVisible();
  const examResult = page.url();
  // Later, the older result pages say nothing about completing; the completing one still does.
  await page.goto(moduleResult);
  await expect(page.getByRole("heading", { level: 2, name: "Đạt yêu cầu" })).toBeVisible();
  await expect(page.getByText("Bạn đã hoàn thành khóa học")).toHaveCount(0);
  await page.goto(examResult);
  await expect(page.getByText("Bạn đã hoàn thành khóa học")).toBeVisible();
});
