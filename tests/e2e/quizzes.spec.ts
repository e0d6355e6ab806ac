import type { Page, Response } from "@playwright/test";

import { prisma } from "~/db.server";
import { readAnswer, readOptions } from "~/quizzes/stored.server";

import { attemptLayout, correctAnswerFields, formIdOf } from "../quiz-forms";
import { DEMO, expect, expectAccessible, sessionCookieFor, test } from "./fixtures";

const COURSE = "ky-nang-dan-van-co-so";
const MODULE = "lang-nghe-va-nam-tam-tu";

/** The questions an attempt drew, in display order. */
async function drawnQuestions(attemptId: string) {
  const ids = (await attemptLayout(attemptId)).map((l) => l.questionId);
  const questions = await prisma.question.findMany({ where: { id: { in: ids } } });
  return ids.map((id) => questions.find((q) => q.id === id)!);
}

/**
 * Answers every question of the attempt on the page correctly, from the attempt's own answer key;
 * the page names options by the attempt's form ids, found through the stored layout.
 */
async function answerCorrectly(page: Page, attemptId: string) {
  for (const [name, value] of await correctAnswerFields(attemptId)) {
    if (name.split(":").length === 3) await page.locator(`select[name="${name}"]`).selectOption(value);
    else await page.locator(`input[name="${name}"][value="${value}"]`).check();
  }
  return (await attemptLayout(attemptId)).map((l) => l.questionId);
}

/** No form field of the attempt page names an option by its bank id (a, b, c…), in its value or its name. */
async function expectNoBankOptionIds(page: Page, attemptId: string) {
  const questions = await drawnQuestions(attemptId);
  const bankIds = new Set(questions.flatMap((q) => readOptions(q.options).map((o) => o.id)));
  expect(bankIds.size).toBeGreaterThan(2);
  const fields = await page
    .locator('input[name^="q:"], select[name^="q:"]')
    .evaluateAll((els) =>
      els.map((el) => ({ name: el.getAttribute("name") ?? "", value: el.getAttribute("value") ?? "" })),
    );
  expect(fields.length).toBeGreaterThan(5);
  for (const { name, value } of fields) {
    expect(bankIds.has(value), `${name}=${value}`).toBe(false);
    expect(bankIds.has(name.split(":")[2] ?? ""), name).toBe(false);
  }
}

/** Collects every document and data response (bodies and headers) while the attempt is open. */
function recordResponses(page: Page) {
  const bodies: { url: string; text: string }[] = [];
  const pending: Promise<void>[] = [];
  const listener = (response: Response) => {
    const type = response.request().resourceType();
    const headers = JSON.stringify(response.headers());
    if (type === "document" || type === "fetch" || type === "xhr") {
      pending.push(
        response
          .text()
          .then((text) => void bodies.push({ url: response.url(), text: headers + text }))
          .catch(() => void bodies.push({ url: response.url(), text: headers })),
      );
    } else bodies.push({ url: response.url(), text: headers });
  };
  page.on("response", listener);
  return async () => {
    page.off("response", listener);
    await Promise.all(pending);
    return bodies;
  };
}

async function passModuleQuiz(page: Page) {
  await page.goto(`/courses/${COURSE}/quizzes/${MODULE}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Bài kiểm tra chương");
  await expectAccessible(page);
  const stop = recordResponses(page);
  await page.getByRole("button", { name: /Bắt đầu làm bài|Làm lại/ }).click();
  await expect(page).toHaveURL(/\/attempts\/[a-z0-9]+$/);
  await expectAccessible(page);
  const attemptId = page.url().split("/").pop()!;
  // The seeded draw (QUIZ_DRAW_SEED in playwright.config.ts) shows every question type, so the
  // accessibility check above covers each kind of control.
  const drawnTypes = new Set((await drawnQuestions(attemptId)).map((q) => q.type));
  expect([...drawnTypes].sort(), "pick a QUIZ_DRAW_SEED whose first draw shows every question type").toEqual([
    "multiple",
    "ordering",
    "single",
    "true_false",
  ]);
  // Reloading shows the same attempt.
  await page.reload();
  expect(page.url()).toContain(attemptId);
  await expectNoBankOptionIds(page, attemptId);
  const questionIds = await answerCorrectly(page, attemptId);
  // With JavaScript every answer is saved in the background: let the last save finish (its
  // response is scanned too), or the submission's navigation aborts it (a console error).
  await page.waitForLoadState("networkidle");
  const bodies = await stop();
  await page.getByRole("button", { name: "Nộp bài", exact: true }).click();
  await expect(page).toHaveURL(`/attempts/${attemptId}/review`);
  await page.getByRole("button", { name: "Xác nhận nộp bài" }).click();
  await expect(page).toHaveURL(`/attempts/${attemptId}/result`);
  await expect(page.getByRole("heading", { level: 2, name: "Đạt yêu cầu" })).toBeVisible();
  await expect(page.getByText("100%")).toBeVisible();
  await expectAccessible(page);

  // Nothing sent before submission tells which options are right.
  const questions = await prisma.question.findMany({ where: { id: { in: questionIds } } });
  expect(bodies.length).toBeGreaterThan(2);
  for (const { url, text } of bodies) {
    expect(text, url).not.toMatch(/"answer"|is-correct|explanation/i);
    for (const q of questions) expect(text, `${url} leaks ${q.id}`).not.toContain(q.explanationHtml.slice(0, 60));
  }
  return attemptId;
}

test("a learner passes a module quiz with JavaScript, saving as they go", async ({ page, loginAs }) => {
  await loginAs("hocvien20@hocdanvan.test");
  const attemptId = await passModuleQuiz(page);
  const attempt = await prisma.quizAttempt.findUniqueOrThrow({ where: { id: attemptId } });
  expect(attempt).toMatchObject({ status: "submitted", score: 100, passed: true });
});

test("a learner passes a module quiz without JavaScript @no-js", async ({ page, loginAs }) => {
  await loginAs("hocvien21@hocdanvan.test");
  await passModuleQuiz(page);
});

test("answers are saved on the server and survive a reload, without JavaScript @no-js", async ({ page, loginAs }) => {
  await loginAs("hocvien22@hocdanvan.test");
  await page.goto(`/courses/${COURSE}/quizzes/${MODULE}`);
  await page.getByRole("button", { name: "Bắt đầu làm bài" }).click();
  const attemptId = page.url().split("/").pop()!;
  const questions = await drawnQuestions(attemptId);
  // One question of each type: a choice, a true/false (answered "Sai") and a whole ordering.
  const choice = questions.find((q) => q.type === "single")!;
  const trueFalse = questions.find((q) => q.type === "true_false")!;
  const ordering = questions.find((q) => q.type === "ordering")!;
  const orderIds = readOptions(ordering.options).map((o) => o.id);
  const choiceOption = readOptions(choice.options)[0]!.id;
  // Bank ids in the database, the attempt's form ids on the page.
  const formId = await formIdOf(attemptId);
  await page.locator(`input[name="q:${choice.id}"][value="${formId(choice.id, choiceOption)}"]`).check();
  await page.locator(`input[name="q:${trueFalse.id}"][value="false"]`).check();
  for (const [i, optionId] of orderIds.entries())
    await page.locator(`select[name="q:${ordering.id}:${formId(ordering.id, optionId)}"]`).selectOption(String(i + 1));
  await page.getByRole("button", { name: "Lưu bài làm" }).click();
  await expect(page.getByText("Đã lưu bài làm.")).toBeVisible();

  await page.goto(`/attempts/${attemptId}`);
  await expect(page.locator(`input[name="q:${choice.id}"][value="${formId(choice.id, choiceOption)}"]`)).toBeChecked();
  await expect(page.locator(`input[name="q:${trueFalse.id}"][value="false"]`)).toBeChecked();
  for (const [i, optionId] of orderIds.entries())
    await expect(page.locator(`select[name="q:${ordering.id}:${formId(ordering.id, optionId)}"]`)).toHaveValue(
      String(i + 1),
    );
  const saved = await prisma.attemptAnswer.findMany({ where: { attemptId } });
  expect(Object.fromEntries(saved.map((a) => [a.questionId, readAnswer(a.response)]))).toEqual({
    [choice.id]: choiceOption,
    [trueFalse.id]: false,
    [ordering.id]: orderIds,
  });
});

test("another user's attempt is a 404, and a submitted attempt cannot be changed", async ({
  page,
  loginAs,
  request,
  baseURL,
}) => {
  await loginAs("hocvien23@hocdanvan.test");
  await page.goto(`/courses/${COURSE}/quizzes/${MODULE}`);
  await page.getByRole("button", { name: "Bắt đầu làm bài" }).click();
  const attemptId = page.url().split("/").pop()!;
  await page.getByRole("button", { name: "Nộp bài", exact: true }).click();
  await page.getByRole("button", { name: "Xác nhận nộp bài" }).click();
  await expect(page).toHaveURL(`/attempts/${attemptId}/result`);
  const score = (await prisma.quizAttempt.findUniqueOrThrow({ where: { id: attemptId } })).score;

  // Replaying the submission with the same cookies changes nothing.
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const replay = await request.post(`/attempts/${attemptId}`, {
    headers: { Cookie: cookie },
    form: { intent: "submit", complete: "1" },
    maxRedirects: 0,
  });
  expect(replay.status()).toBe(302);
  expect(replay.headers().location).toBe(`/attempts/${attemptId}/result`);
  const save = await request.post(`/attempts/${attemptId}`, {
    headers: { Cookie: cookie },
    form: { intent: "save", via: "fetcher" },
    maxRedirects: 0,
  });
  // Refused (409), and a document request is then sent on to the result page.
  expect([302, 409]).toContain(save.status());
  if (save.status() === 302) expect(save.headers().location).toBe(`/attempts/${attemptId}/result`);
  expect((await prisma.quizAttempt.findUniqueOrThrow({ where: { id: attemptId } })).score).toBe(score);

  // Someone else sees nothing.
  const other = await page.context().browser()!.newContext({ baseURL });
  const otherPage = await other.newPage();
  await other.addCookies([await sessionCookieFor("hocvien24@hocdanvan.test", baseURL!)]);
  expect((await otherPage.goto(`/attempts/${attemptId}`))?.status()).toBe(404);
  expect((await otherPage.goto(`/attempts/${attemptId}/result`))?.status()).toBe(404);
  await other.close();
});

test("trainers see per-question statistics; learners are refused", async ({ page, loginAs, browser, baseURL }) => {
  await loginAs(DEMO.trainer);
  await page.goto(`/courses/${COURSE}/quizzes/${MODULE}/stats`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Thống kê câu hỏi");
  const guessing = page.getByRole("region", { name: "Nếu đoán mò, không cần kiến thức" });
  await expect(guessing).toContainText(/điểm kỳ vọng \d+(,\d)?%, xác suất đạt \(từ \d+%\) \d+(,\d)?%/);
  await expect(guessing).toContainText("mô phỏng 2.000 lượt rút đề");
  await expectAccessible(page);
  const context = await browser.newContext({ baseURL });
  const learnerPage = await context.newPage();
  await context.addCookies([await sessionCookieFor(DEMO.learner, baseURL!)]);
  expect((await learnerPage.goto(`/courses/${COURSE}/quizzes/${MODULE}/stats`))?.status()).toBe(403);
  await context.close();
});
