import type { Page } from "@playwright/test";

import { prisma } from "~/db.server";

import { DEMO, expect, expectAccessible, test } from "./fixtures";

const COURSE = "ky-nang-dan-van-co-so";

async function walkCatalogueToSecondLesson(page: Page) {
  await page.goto("/courses");
  await expectAccessible(page);
  await page.getByRole("link", { name: "Kỹ năng dân vận cho cán bộ cơ sở" }).click();
  await expect(page).toHaveURL(`/courses/${COURSE}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Kỹ năng dân vận cho cán bộ cơ sở");
  await expectAccessible(page);
  await page.getByRole("link", { name: "Bắt đầu học" }).click();
  await expect(page).toHaveURL(`/courses/${COURSE}/lang-nghe-tich-cuc`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Lắng nghe tích cực: nghe để hiểu dân");
  // On a phone the lesson's contents start closed behind their summary.
  const summary = page.locator("summary", { hasText: "Nội dung bài" });
  if ((page.viewportSize()?.width ?? 1280) < 960) await summary.click();
  await expect(page.getByRole("navigation", { name: "Mục lục bài học" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: /Bài tiếp theo/ }).click();
  await expect(page).toHaveURL(`/courses/${COURSE}/lang-nghe-nguoi-it-len-tieng`);
  await expect(page.getByRole("link", { name: /Bài trước/ })).toBeVisible();
  await expectAccessible(page);
}

test("catalogue → course → lesson → next lesson", async ({ page }) => {
  await walkCatalogueToSecondLesson(page);
});

test("catalogue → course → lesson → next lesson without JavaScript @no-js", async ({ page }) => {
  await walkCatalogueToSecondLesson(page);
});

test("reading pages ship no JavaScript", async ({ page }) => {
  const scripts: string[] = [];
  page.on("request", (r) => r.resourceType() === "script" && scripts.push(r.url()));
  await page.goto(`/courses/${COURSE}/lang-nghe-tich-cuc`);
  expect(scripts).toEqual([]);
  expect(await page.locator("script").count()).toBe(0);
});

test("a self-check answers in place, without JavaScript @no-js", async ({ page }) => {
  await page.goto(`/courses/${COURSE}/lang-nghe-tich-cuc`);
  const check = page.locator("fieldset.check").first();
  await check.locator("input.is-wrong").first().check();
  await expect(check.locator(".check-wrong")).toBeVisible();
  await expect(check.locator(".check-right")).toBeHidden();
  await check.locator("input.is-correct").check();
  await expect(check.locator(".check-right")).toBeVisible();
});

test("a signed-in learner saves a private reflection, without JavaScript @no-js", async ({ page, loginAs }) => {
  await loginAs(DEMO.learner);
  await page.goto(`/courses/${COURSE}/lang-nghe-tich-cuc`);
  const answer = "Tôi sẽ để người dân nói hết rồi mới hỏi lại.";
  const box = page.getByLabel("Câu trả lời của bạn (chỉ riêng bạn xem được)").first();
  await box.fill(answer);
  await page.getByRole("button", { name: "Lưu câu trả lời" }).first().click();
  await expect(page.getByRole("status")).toContainText("Đã lưu câu trả lời");
  await expect(page.getByLabel("Câu trả lời của bạn (chỉ riêng bạn xem được)").first()).toHaveValue(answer);
  await expectAccessible(page);
  const user = await prisma.user.findUniqueOrThrow({ where: { email: DEMO.learner } });
  expect(await prisma.reflectionNote.count({ where: { userId: user.id, answer } })).toBe(1);
});

test("another learner does not see someone else's reflection", async ({ page, loginAs }) => {
  const owner = await prisma.user.findUniqueOrThrow({ where: { email: "hocvien10@hocdanvan.test" } });
  const lesson = await prisma.lesson.findFirstOrThrow({ where: { courseId: COURSE, slug: "giai-thich-vi-sao" } });
  const reflectionId = /name="reflectionId" value="([a-z0-9-]+)"/.exec(lesson.html)![1]!;
  await prisma.reflectionNote.create({
    data: { userId: owner.id, lessonId: lesson.id, reflectionId, answer: "Bí mật của học viên 10" },
  });
  await loginAs("hocvien11@hocdanvan.test");
  await page.goto(`/courses/${COURSE}/giai-thich-vi-sao`);
  await expect(page.getByText("Bí mật của học viên 10")).toHaveCount(0);
});

test("every published lesson page answers 200", async ({ request }) => {
  const lessons = await prisma.lesson.findMany({
    where: { status: "published", removedAt: null },
    select: { courseId: true, slug: true },
  });
  expect(lessons.length).toBeGreaterThanOrEqual(40);
  for (const l of lessons) {
    const response = await request.get(`/courses/${l.courseId}/${l.slug}`);
    expect(response.status(), `${l.courseId}/${l.slug}`).toBe(200);
  }
});

test("search finds lessons without diacritics and explains bad queries", async ({ page }) => {
  await page.goto("/search?q=dan+van+kem+va+dan+van+kheo");
  await expect(page.getByRole("heading", { level: 2 }).first()).toHaveText("Dân vận kém và dân vận khéo");
  await expect(page.locator("mark").first()).toBeVisible();
  await expectAccessible(page);
  await page.goto(`/search?q=${"a".repeat(5000)}`);
  await expect(page.getByRole("status")).toContainText("Từ khóa quá dài");
  await page.goto("/search?q=%3F%21%2C%2C");
  await expect(page.getByRole("status")).toContainText("ít nhất một chữ cái");
});

test("the glossary lists terms in Vietnamese order", async ({ page }) => {
  await page.goto("/glossary");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Thuật ngữ");
  const terms = await page.locator(".glossary dt").allTextContents();
  expect(terms).toEqual([...terms].sort(new Intl.Collator("vi").compare));
  await expectAccessible(page);
});

test("an unknown lesson is a Vietnamese 404", async ({ page }) => {
  const response = await page.goto(`/courses/${COURSE}/khong-co-bai-nay`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Không tìm thấy trang");
});
