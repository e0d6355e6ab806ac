import type { Browser } from "@playwright/test";

import { saveReflection } from "~/courses/reflections.server";
import { prisma } from "~/db.server";
import { createCourse, createModule } from "~/studio/course-tree.server";
import { createStudioLesson, latestVersion, publishLessonVersion } from "~/studio/lessons.server";

import { DEMO, expect, expectAccessible, sessionCookieFor, test } from "./fixtures";

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const lessonDoc = (title: string, body: string) => `---
title: "${title}"
description: "Bài thử của cây khóa học."
objectives:
  - "Nêu được ý chính."
estimatedMinutes: 10
tags: []
status: published
---

${body}`;

async function learnerPage(browser: Browser, baseURL: string) {
  const context = await browser.newContext({ javaScriptEnabled: false });
  await context.addCookies([await sessionCookieFor(DEMO.learner, baseURL)]);
  return { context, page: await context.newPage() };
}

/** A published course of two modules with one published lesson each, written straight in the database. */
async function twoModuleCourse() {
  const trainer = await prisma.user.findUniqueOrThrow({ where: { email: DEMO.trainer } });
  const slug = `khoa-cay-${unique()}`;
  await createCourse({
    slug,
    title: `Khóa cây ${slug}`,
    description: "Khóa thử sắp xếp.",
    audience: "Cán bộ",
    hours: 1,
    estimatedMinutes: 20,
    objectives: ["Thử."],
    actor: trainer,
  });
  for (const [i, name] of ["mot", "hai"].entries()) {
    const mod = await createModule({
      courseId: slug,
      slug: `chuong-${name}`,
      title: `Chương ${name} ${slug}`,
      description: "Chương thử.",
      actor: trainer,
    });
    const lesson = await createStudioLesson({
      moduleId: mod.id,
      slug: `bai-${name}`,
      source: lessonDoc(`Bài ${name} số ${i + 1}`, "Nội dung.\n"),
      actor: trainer,
    });
    await publishLessonVersion({
      lessonId: lesson.id,
      versionId: (await latestVersion(lesson.id))!.id,
      actor: trainer,
    });
  }
  await prisma.course.update({ where: { id: slug }, data: { status: "published" } });
  return slug;
}

test("create course → module → lesson → publish → a learner sees it in the catalogue, without JavaScript @no-js", async ({
  page,
  loginAs,
  browser,
  baseURL,
}) => {
  await loginAs(DEMO.trainer);
  await page.goto("/studio");
  await page.getByRole("link", { name: "+ Khóa học mới" }).click();
  await expect(page).toHaveURL("/studio/courses/new");
  await expectAccessible(page);
  const slug = `khoa-moi-${unique()}`;
  const title = `Khóa học mới ${slug}`;
  await page.getByLabel("Tên khóa học").fill(title);
  await page.getByLabel("Địa chỉ khóa học").fill("Sai Địa Chỉ");
  await page.getByLabel("Mô tả ngắn").fill("Khóa học viết trong studio.");
  await page.getByLabel("Đối tượng").fill("Cán bộ cơ sở");
  await page.getByLabel("Mục tiêu (mỗi dòng một mục)").fill("Làm được việc mới.");
  await page.getByRole("button", { name: "Tạo khóa học" }).click();
  await expect(page.locator(".field-error")).toContainText("chữ thường không dấu");
  await expect(page.getByLabel("Tên khóa học")).toHaveValue(title); // what was typed is kept
  await expectAccessible(page);
  await page.getByLabel("Địa chỉ khóa học").fill(slug);
  await page.getByRole("button", { name: "Tạo khóa học" }).click();
  await expect(page).toHaveURL(/\/studio\?done=course-created/);
  await expect(page.getByRole("status")).toContainText("Đã tạo khóa học");

  const learner = await learnerPage(browser, baseURL!);
  await learner.page.goto("/courses");
  await expect(learner.page.getByText(title)).toHaveCount(0); // a draft course is invisible

  const course = page.locator(`#khoa-${slug}`);
  await course.getByLabel("Tên chương").fill("Chương đầu tiên");
  await course.getByLabel("Địa chỉ chương").fill("chuong-dau");
  await course.getByRole("button", { name: "Tạo chương" }).click();
  await expect(page.getByRole("status")).toContainText("Đã tạo chương mới");
  await expectAccessible(page);
  // Publishing a course with no published lesson is refused, with a reason.
  await page
    .locator(`#khoa-${slug}`)
    .getByRole("button", { name: /Xuất bản khóa học/ })
    .click();
  await expect(page.getByRole("alert")).toContainText("chưa có bài học nào đã xuất bản");

  await page.goto(`/studio/courses/${slug}/modules/chuong-dau/new`);
  await page.getByLabel("Địa chỉ bài học").fill("bai-dau-tien");
  await page.getByLabel("Tên bài học").fill("Bài đầu tiên của khóa mới");
  await page.getByLabel("Mô tả ngắn").fill("Bài mở đầu.");
  await page.getByLabel("Mục tiêu").fill("Nêu được ý chính.");
  await page.getByRole("textbox", { name: "Nội dung bài học" }).fill("## Mở đầu\n\nNội dung của khóa học mới.\n");
  await page.getByRole("button", { name: "Lưu bản nháp" }).click();
  await expect(page.getByRole("status")).toContainText("Đã lưu phiên bản 1");
  await page.getByRole("button", { name: "Xuất bản" }).click();
  await expect(page.getByRole("status")).toContainText("Đã xuất bản phiên bản 1");

  await page.goto("/studio");
  await page
    .locator(`#khoa-${slug}`)
    .getByRole("button", { name: /Xuất bản khóa học/ })
    .click();
  await expect(page.getByRole("status")).toContainText("Đã xuất bản khóa học");
  await learner.page.goto("/courses");
  await expect(learner.page.getByText(title)).toBeVisible();
  await learner.page.goto(`/courses/${slug}/bai-dau-tien`);
  await expect(learner.page.locator(".prose")).toContainText("Nội dung của khóa học mới.");
  expect(
    await prisma.auditEvent.count({ where: { targetId: slug, action: { in: ["course.create", "course.publish"] } } }),
  ).toBe(2);
  await learner.context.close();
});

test("reorder modules and lessons, rename and retire a module; learners follow, without JavaScript @no-js", async ({
  page,
  loginAs,
  browser,
  baseURL,
}) => {
  const slug = await twoModuleCourse();
  await loginAs(DEMO.trainer);
  await page.goto(`/studio#khoa-${slug}`);
  const course = page.locator(`#khoa-${slug}`);
  await course.getByRole("button", { name: `Xuống chương “Chương mot ${slug}”` }).click();
  await expect(page.getByRole("status")).toContainText("Đã đổi thứ tự chương");
  const learner = await learnerPage(browser, baseURL!);
  await learner.page.goto(`/courses/${slug}`);
  const outline = learner.page.locator("main");
  await expect(outline.getByText(`Chương hai ${slug}`)).toBeVisible();
  const text = (await outline.innerText()).replace(/\s+/g, " ");
  expect(text.indexOf(`Chương hai ${slug}`)).toBeLessThan(text.indexOf(`Chương mot ${slug}`));

  await course.getByLabel("Tên chương").first().fill(`Chương đổi tên ${slug}`);
  await course.getByRole("button", { name: `Đổi tên chương “Chương hai ${slug}”` }).click();
  await expect(page.getByRole("status")).toContainText("Đã đổi tên chương");
  await course.getByRole("button", { name: `Ngừng dùng chương “Chương mot ${slug}”` }).click();
  await expect(page.getByRole("status")).toContainText("Đã ngừng dùng chương");
  await expectAccessible(page);
  await learner.page.goto(`/courses/${slug}`);
  await expect(learner.page.getByText(`Chương đổi tên ${slug}`)).toBeVisible();
  await expect(learner.page.getByText(`Chương mot ${slug}`)).toHaveCount(0);
  expect((await learner.page.goto(`/courses/${slug}/bai-mot`))?.status()).toBe(404);
  await course.getByRole("button", { name: `Dùng lại chương “Chương mot ${slug}”` }).click();
  await expect(page.getByRole("status")).toContainText("Chương đã được dùng lại");
  expect((await learner.page.goto(`/courses/${slug}/bai-mot`))?.status()).toBe(200);
  // Move the lesson into the other module, then put it back first with "Lên".
  await course.getByLabel("Chuyển bài “Bài mot số 1” sang chương").selectOption({ label: `Chương đổi tên ${slug}` });
  await course.getByRole("button", { name: "Chuyển bài “Bài mot số 1”" }).click();
  await course.getByRole("button", { name: "Lên bài “Bài mot số 1”" }).click();
  await expect(page.getByRole("status")).toContainText("Đã đổi thứ tự bài học");
  const order = await prisma.lesson.findMany({ where: { courseId: slug }, orderBy: { position: "asc" } });
  expect(order.map((l) => l.slug)).toEqual(["bai-mot", "bai-hai"]);
  expect(
    await prisma.auditEvent.count({
      where: {
        action: { in: ["module.move", "module.rename", "module.retire", "module.unretire", "lesson.move"] },
        targetId: { startsWith: slug },
      },
    }),
  ).toBe(6);
  await learner.context.close();
});

test("shared reflections reach the trainer's page; private ones are absent from the page and its data", async ({
  page,
  loginAs,
}) => {
  const slug = await twoModuleCourse();
  const trainer = await prisma.user.findUniqueOrThrow({ where: { email: DEMO.trainer } });
  const lesson = await createStudioLesson({
    moduleId: `${slug}/chuong-mot`,
    slug: "bai-suy-ngam",
    source: lessonDoc(
      "Bài suy ngẫm",
      `<Reflection id="rieng">\n\nĐiều riêng?\n\n</Reflection>\n\n<Reflection id="chung" shared>\n\nViệc chung?\n\n</Reflection>\n`,
    ),
    actor: trainer,
  });
  await publishLessonVersion({ lessonId: lesson.id, versionId: (await latestVersion(lesson.id))!.id, actor: trainer });
  const { html } = await prisma.lesson.findUniqueOrThrow({ where: { id: lesson.id } });
  const learner = await prisma.user.findUniqueOrThrow({ where: { email: DEMO.learner }, include: { unit: true } });
  const secret = `Điều thầm kín ${unique()}`;
  const open = `Gặp dân mỗi tuần ${unique()}`;
  await saveReflection({ userId: learner.id, lesson: { id: lesson.id, html }, reflectionId: "rieng", answer: secret });
  await saveReflection({ userId: learner.id, lesson: { id: lesson.id, html }, reflectionId: "chung", answer: open });

  await loginAs(DEMO.learner);
  await page.goto(`/courses/${slug}/bai-suy-ngam`);
  await expect(page.locator("#suy-ngam-rieng-q").locator("..")).toContainText("Riêng tư");
  await expect(page.locator("#suy-ngam-chung-q").locator("..")).toContainText("Chia sẻ với giảng viên");

  await loginAs(DEMO.trainer);
  const url = `/studio/courses/${slug}/bai-suy-ngam/reflections`;
  await page.goto(url);
  await expectAccessible(page);
  const table = page.getByRole("table");
  await expect(table).toContainText(open);
  await expect(table).toContainText(learner.fullName);
  await expect(table).toContainText(learner.unit.name);
  await expect(page.locator("body")).not.toContainText(secret);
  // The loader's data as the client fetches it (single fetch: `.data`) carries the shared answer only.
  const data = await page.request.get(`${url}.data`);
  expect(data.status()).toBe(200);
  const body = await data.text();
  expect(body).toContain(open);
  expect(body).not.toContain(secret);
  // The older `?_data=` form (answered empty with single fetch) must not leak it either.
  const legacy = await page.request.get(
    `${url}?_data=${encodeURIComponent("routes/studio.courses.$course.$lesson.reflections")}`,
  );
  expect(await legacy.text()).not.toContain(secret);
});
