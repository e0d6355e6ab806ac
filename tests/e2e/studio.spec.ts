import type { APIRequestContext, Browser, Page } from "@playwright/test";

import { prisma } from "~/db.server";
import { HOSTILE_BODIES } from "~/studio/hostile-inputs";
import { createStudioLesson } from "~/studio/lessons.server";

import { DEMO, expect, expectAccessible, sessionCookieFor, test } from "./fixtures";

// A course no other browser test walks through: lessons added here change no one else's outline.
const COURSE = "phong-trao-dan-van-kheo";
const MODULE = "thuc-hien-danh-gia-nhan-rong";
const NEW_LESSON = `/studio/courses/${COURSE}/modules/${MODULE}/new`;
const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

const frontmatter = (title: string) => `---
title: "${title}"
description: "Bài thử của studio."
objectives:
  - "Nêu được ý chính."
estimatedMinutes: 10
tags: []
status: published
---

`;

/** A lesson written in the studio (one draft version), straight in the database. */
async function studioLesson(body = "Đoạn một của bài.\n\nĐoạn hai của bài.\n") {
  const slug = `bai-thu-${unique()}`;
  const trainer = await prisma.user.findUniqueOrThrow({ where: { email: DEMO.trainer } });
  await createStudioLesson({
    moduleId: `${COURSE}/${MODULE}`,
    slug,
    source: frontmatter(`Bài thử ${slug}`) + body,
    actor: trainer,
  });
  return { slug, editor: `/studio/courses/${COURSE}/${slug}`, learner: `/courses/${COURSE}/${slug}` };
}

async function learnerPage(browser: Browser, baseURL: string) {
  const context = await browser.newContext();
  await context.addCookies([await sessionCookieFor(DEMO.learner, baseURL)]);
  return { context, page: await context.newPage() };
}

async function cookieHeader(email: string, baseURL: string) {
  const c = await sessionCookieFor(email, baseURL);
  return `${c.name}=${c.value}`;
}

const QUOTE = "Dân vận kém thì việc gì cũng kém. Dân vận khéo thì việc gì cũng thành công.";

test("a trainer writes a lesson with a quotation, a case study and a self-check, previews, saves and publishes it; a learner then reads it", async ({
  page,
  loginAs,
  browser,
  baseURL,
}) => {
  await loginAs(DEMO.trainer);
  await page.goto("/studio");
  await expectAccessible(page);
  await page.locator(`#khoa-${COURSE} a[href="${NEW_LESSON}"]`).click();
  await expect(page).toHaveURL(NEW_LESSON);
  const slug = `viet-tren-trinh-duyet-${unique()}`;
  await page.getByLabel("Địa chỉ bài học").fill(slug);
  await page.getByLabel("Tên bài học").fill("Viết bài trên trình duyệt");
  await page.getByLabel("Mô tả ngắn").fill("Một bài học viết hoàn toàn trong studio.");
  await page.getByLabel("Mục tiêu").fill("Nêu được lời dạy về dân vận khéo.");

  const editor = page.locator(".cm-content");
  await editor.click();
  await page.keyboard.press("Control+a");
  await page.keyboard.type("## Lời dạy\n\nMở đầu bài viết trong studio.\n\n");
  await page.getByRole("button", { name: "Trích dẫn" }).click();
  await page.getByLabel("Tác phẩm").fill("Dân vận");
  await page.getByLabel("Năm (4 chữ số)").fill("1949");
  await page.getByLabel("Nguồn").fill("Hồ Chí Minh, Toàn tập, t.6");
  await page.getByLabel("Lời trích").fill(QUOTE);
  await page.getByRole("button", { name: "Chèn vào bài" }).click();
  await page.keyboard.type("\n");
  await page.getByRole("button", { name: "Tình huống" }).click();
  await page.getByLabel("Tên tình huống").fill("Họp dân ở thôn Đông");
  await page.getByLabel("Diễn biến").fill("Cán bộ xã lắng nghe ý kiến của bà con trước khi giải thích.");
  await page.getByRole("button", { name: "Chèn vào bài" }).click();
  await page.keyboard.type("\n");
  await page.getByRole("button", { name: "Câu tự kiểm tra" }).click();
  await page.getByRole("textbox", { name: "Câu hỏi", exact: true }).fill("Dân vận khéo thì sao?");
  await page.getByLabel("Phương án đúng").fill("Việc gì cũng thành công");
  await page.getByLabel("Phương án sai 1").fill("Không cần lắng nghe dân");
  await page.getByLabel("Giải thích").fill("Đó là lời dạy của Bác.");
  await page.getByRole("button", { name: "Chèn vào bài" }).click();

  // Live preview, rendered by the server as learners get it.
  const preview = page.locator(".preview .prose");
  await expect(preview).toContainText(QUOTE);
  await expect(preview).toContainText("Họp dân ở thôn Đông");
  await expect(preview.locator("fieldset.check")).toHaveCount(1);
  await expectAccessible(page);

  await page.getByRole("button", { name: "Lưu bản nháp" }).click();
  await expect(page).toHaveURL(`/studio/courses/${COURSE}/${slug}?saved=1`);
  await expect(page.getByRole("status")).toContainText("Đã lưu phiên bản 1");

  const learner = await learnerPage(browser, baseURL!);
  expect((await learner.page.goto(`/courses/${COURSE}/${slug}`))?.status()).toBe(404);

  await page.getByRole("button", { name: "Xuất bản" }).click();
  await expect(page.getByRole("status")).toContainText("Đã xuất bản phiên bản 1");
  expect((await learner.page.goto(`/courses/${COURSE}/${slug}`))?.status()).toBe(200);
  await expect(learner.page.getByRole("heading", { level: 1 })).toHaveText("Viết bài trên trình duyệt");
  await expect(learner.page.locator(".prose")).toContainText(QUOTE);
  await expect(learner.page.locator(".prose")).toContainText("Họp dân ở thôn Đông");
  await learner.context.close();
});

test("the same without JavaScript: textarea, Xem trước with line and column, save, publish @no-js", async ({
  page,
  loginAs,
  browser,
  baseURL,
}) => {
  await loginAs(DEMO.trainer);
  await page.goto(NEW_LESSON);
  const slug = `khong-js-${unique()}`;
  await page.getByLabel("Địa chỉ bài học").fill(slug);
  await page.getByLabel("Tên bài học").fill("Bài viết không cần JavaScript");
  await page.getByLabel("Mô tả ngắn").fill("Viết bằng ô văn bản thường.");
  await page.getByLabel("Mục tiêu").fill("Nêu được cách làm.");
  const body = page.getByRole("textbox", { name: "Nội dung bài học" });
  await body.fill('## Mở đầu\n\nĐoạn văn.\n\n<Callout kind="nguy-hiem">\n\nLưu ý.\n\n</Callout>\n');
  await page.getByRole("button", { name: "Xem trước" }).click();
  const problems = page.locator("#editor-problems");
  await expect(problems).toContainText("Dòng 5, cột 1");
  await expect(problems).toContainText('kind="nguy-hiem" không hợp lệ');
  // What the trainer typed is kept.
  await expect(page.getByLabel("Tên bài học")).toHaveValue("Bài viết không cần JavaScript");
  await expectAccessible(page);

  await body.fill(
    `## Mở đầu\n\nĐoạn văn không cần JavaScript.\n\n<Quote work="Dân vận" year="1949" source="Hồ Chí Minh, Toàn tập, t.6">\n\n${QUOTE}\n\n</Quote>\n`,
  );
  await page.getByRole("button", { name: "Xem trước" }).click();
  await expect(page.locator(".preview .prose")).toContainText("Đoạn văn không cần JavaScript.");
  await page.getByRole("button", { name: "Lưu bản nháp" }).click();
  await expect(page.getByRole("status")).toContainText("Đã lưu phiên bản 1");
  const learner = await learnerPage(browser, baseURL!);
  expect((await learner.page.goto(`/courses/${COURSE}/${slug}`))?.status()).toBe(404);
  await page.getByRole("button", { name: "Xuất bản" }).click();
  await expect(page.getByRole("status")).toContainText("Đã xuất bản phiên bản 1");
  await learner.page.goto(`/courses/${COURSE}/${slug}`);
  await expect(learner.page.locator(".prose")).toContainText("Đoạn văn không cần JavaScript.");
  await learner.context.close();
});

test("a saved draft stays invisible to learners until it is published @no-js", async ({
  page,
  loginAs,
  browser,
  baseURL,
}) => {
  const lesson = await studioLesson("Bản đầu tiên.\n");
  await loginAs(DEMO.trainer);
  await page.goto(lesson.editor);
  await page.getByRole("button", { name: "Xuất bản" }).click();
  await expect(page.getByRole("status")).toContainText("Đã xuất bản phiên bản 1");
  await page.getByRole("textbox", { name: "Nội dung bài học" }).fill("Bản nháp thứ hai, chưa xuất bản.\n");
  await page.getByRole("button", { name: "Lưu bản nháp" }).click();
  await expect(page.getByRole("status")).toContainText("Đã lưu phiên bản 2");
  const learner = await learnerPage(browser, baseURL!);
  await learner.page.goto(lesson.learner);
  await expect(learner.page.locator(".prose")).toContainText("Bản đầu tiên.");
  await expect(learner.page.locator(".prose")).not.toContainText("Bản nháp thứ hai");
  await learner.context.close();
  await page.goto("/studio");
  await expect(page.getByRole("listitem").filter({ hasText: `Bài thử ${lesson.slug}` })).toContainText(
    "Đã sửa sau khi xuất bản",
  );
});

test("history: a readable diff between two versions, and restoring an old one as a new draft @no-js", async ({
  page,
  loginAs,
}) => {
  const lesson = await studioLesson("Câu gốc của bài.\n");
  await loginAs(DEMO.trainer);
  await page.goto(lesson.editor);
  await page.getByRole("textbox", { name: "Nội dung bài học" }).fill("Câu đã sửa của bài.\n");
  await page.getByLabel("Ghi chú cho phiên bản này").fill("sửa câu mở đầu");
  await page.getByRole("button", { name: "Lưu bản nháp" }).click();
  await expect(page.getByRole("status")).toContainText("Đã lưu phiên bản 2");
  await page.getByRole("link", { name: "Lịch sử và so sánh phiên bản" }).click();
  await expect(page.getByRole("cell", { name: "sửa câu mở đầu" })).toBeVisible();
  await page.getByLabel("Phiên bản cũ").selectOption("1");
  await page.getByLabel("Phiên bản mới").selectOption("2");
  await page.getByRole("button", { name: "So sánh" }).click();
  const diff = page.locator("table.diff");
  await expect(diff.locator("tr.diff-removed")).toContainText("Câu gốc của bài.");
  await expect(diff.locator("tr.diff-added")).toContainText("Câu đã sửa của bài.");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Khôi phục phiên bản 1 thành bản nháp mới" }).click();
  await expect(page.getByRole("status")).toContainText("Đã lưu phiên bản 3");
  await expect(page.getByRole("textbox", { name: "Nội dung bài học" })).toHaveValue("Câu gốc của bài.\n");
  const audit = await prisma.auditEvent.findFirst({
    where: { action: "lesson.restore", targetId: `${COURSE}/${lesson.slug}` },
  });
  expect(audit).not.toBeNull();
});

test("two trainers edit the same lesson: the second save gets a conflict page with both versions; nothing is lost @no-js", async ({
  browser,
  baseURL,
}) => {
  const lesson = await studioLesson("Đoạn chung.\n");
  const open = async (email: string) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    await context.addCookies([await sessionCookieFor(email, baseURL!)]);
    const page = await context.newPage();
    await page.goto(lesson.editor);
    return { context, page };
  };
  const first = await open(DEMO.trainer);
  const second = await open(DEMO.admin);
  await first.page.getByRole("textbox", { name: "Nội dung bài học" }).fill("Đoạn chung, bản của người thứ nhất.\n");
  await first.page.getByRole("button", { name: "Lưu bản nháp" }).click();
  await expect(first.page.getByRole("status")).toContainText("Đã lưu phiên bản 2");

  await second.page.getByRole("textbox", { name: "Nội dung bài học" }).fill("Đoạn chung, bản của người thứ hai.\n");
  await second.page.getByRole("button", { name: "Lưu bản nháp" }).click();
  const conflict = second.page.getByRole("region", { name: "Xung đột: có người đã lưu bài này trước bạn" });
  await expect(conflict).toBeVisible();
  await expect(conflict.getByLabel("Phiên bản 2 (đã lưu)")).toHaveValue(/bản của người thứ nhất/);
  await expect(conflict.getByLabel("Bản của bạn (chưa lưu)")).toHaveValue(/bản của người thứ hai/);
  await expect(conflict.locator("tr.diff-removed")).toContainText("bản của người thứ nhất");
  await expect(conflict.locator("tr.diff-added")).toContainText("bản của người thứ hai");
  expect(await prisma.lessonVersion.count({ where: { lessonId: `${COURSE}/${lesson.slug}` } })).toBe(2);
  await conflict.getByRole("button", { name: "Lưu bản của tôi thành phiên bản mới" }).click();
  await expect(second.page.getByRole("status")).toContainText("Đã lưu phiên bản 3");
  const versions = await prisma.lessonVersion.findMany({
    where: { lessonId: `${COURSE}/${lesson.slug}` },
    orderBy: { number: "asc" },
  });
  expect(versions.map((v) => v.source.includes("người thứ nhất"))).toEqual([false, true, false]);
  expect(versions[2]!.source).toContain("bản của người thứ hai");
  await first.context.close();
  await second.context.close();
});

/** Every studio page and action, by URL and by posting its form directly. */
function studioEndpoints(lesson: { slug: string }): {
  pages: string[];
  posts: { url: string; form: Record<string, string> }[];
} {
  const editor = `/studio/courses/${COURSE}/${lesson.slug}`;
  return {
    pages: ["/studio", editor, `${editor}/history`, NEW_LESSON],
    posts: [
      { url: "/studio", form: { intent: "retire", lessonId: `${COURSE}/${lesson.slug}` } },
      { url: editor, form: { intent: "publish", source: "Bị sửa trái phép.\n", baseVersion: "1" } },
      { url: editor, form: { intent: "save", source: "Bị sửa trái phép.\n", baseVersion: "1" } },
      { url: editor, form: { intent: "preview", source: "Xem trước.\n", baseVersion: "1" } },
      { url: `${editor}/history`, form: { intent: "restore", number: "1" } },
      {
        url: NEW_LESSON,
        form: {
          intent: "save",
          source: frontmatter("Bài trái phép") + "x\n",
          baseVersion: "0",
          slug: `trai-phep-${unique()}`,
        },
      },
    ],
  };
}

for (const who of [DEMO.learner, DEMO.manager]) {
  test(`${who} gets 403 on every studio page and action, by URL and by posting the forms`, async ({
    request,
    baseURL,
  }) => {
    const lesson = await studioLesson();
    const { pages, posts } = studioEndpoints(lesson);
    const headers = { Cookie: await cookieHeader(who, baseURL!) };
    for (const url of pages) expect((await request.get(url, { headers, maxRedirects: 0 })).status(), url).toBe(403);
    for (const post of posts)
      expect((await request.post(post.url, { headers, form: post.form, maxRedirects: 0 })).status(), post.url).toBe(
        403,
      );
    const row = await prisma.lesson.findUniqueOrThrow({
      where: { id: `${COURSE}/${lesson.slug}` },
      include: { versions: true },
    });
    expect(row.versions).toHaveLength(1);
    expect(row.retiredAt).toBeNull();
    expect(row.publishedVersionId).toBeNull();
    expect(await prisma.lesson.count({ where: { title: "Bài trái phép" } })).toBe(0);
  });
}

test("signed-out visitors are sent to sign in from every studio page", async ({ request }) => {
  const lesson = await studioLesson();
  for (const url of studioEndpoints(lesson).pages) {
    const response = await request.get(url, { maxRedirects: 0 });
    expect(response.status(), url).toBe(302);
    expect(response.headers().location).toContain("/login");
  }
});

async function postAs(
  request: APIRequestContext,
  options: { cookie: string; url: string; form: Record<string, string> },
) {
  return request.post(options.url, { headers: { Cookie: options.cookie }, form: options.form, maxRedirects: 0 });
}

test("hostile MDX: preview, save and publish through the real server; nothing compiles, the server stays up, learners never get it", async ({
  request,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const lesson = await studioLesson("Nội dung an toàn.\n");
  const cookie = await cookieHeader(DEMO.trainer, baseURL!);
  const id = `${COURSE}/${lesson.slug}`;
  // Publish the safe version first, so the learner page exists and can be checked after each attempt.
  const first = await postAs(request, {
    cookie,
    url: `/studio/courses/${COURSE}/${lesson.slug}`,
    form: { intent: "publish", source: frontmatter("Bài an toàn") + "Nội dung an toàn.\n", baseVersion: "1" },
  });
  expect(first.status()).toBe(302);
  const live = await prisma.lesson.findUniqueOrThrow({ where: { id } });
  for (const [name, body] of HOSTILE_BODIES) {
    const source = frontmatter("Bài an toàn") + `Mở đầu.\n\n${body}`;
    const latest = await prisma.lessonVersion.findFirstOrThrow({
      where: { lessonId: id },
      orderBy: { number: "desc" },
    });
    const form = { source, baseVersion: String(latest.number) };
    const preview = await postAs(request, { cookie, url: lesson.editor, form: { ...form, intent: "preview" } });
    expect(preview.status(), name).toBeLessThan(500);
    const previewHtml = await preview.text();
    expect(previewHtml, name).not.toContain('class="card preview"');
    const publish = await postAs(request, { cookie, url: lesson.editor, form: { ...form, intent: "publish" } });
    expect([400, 413], name).toContain(publish.status());
    const save = await postAs(request, { cookie, url: lesson.editor, form: { ...form, intent: "save" } });
    expect([302, 413], name).toContain(save.status());
    const now = await prisma.lesson.findUniqueOrThrow({ where: { id } });
    expect(now.html, name).toBe(live.html);
    expect(now.publishedVersionId, name).toBe(live.publishedVersionId);
  }
  expect((await request.get("/healthz")).status()).toBe(200);
  const learnerHtml = await (
    await request.get(lesson.learner, { headers: { Cookie: await cookieHeader(DEMO.learner, baseURL!) } })
  ).text();
  expect(learnerHtml).toContain("Nội dung an toàn.");
  expect(learnerHtml).not.toMatch(/alert\(1\)|evil\.example|onerror|javascript:|vbscript:/i);
});

test("the lesson editor page passes the accessibility check with the code editor loaded", async ({
  page,
  loginAs,
}: {
  page: Page;
  loginAs: (email: string) => Promise<void>;
}) => {
  const lesson = await studioLesson();
  await loginAs(DEMO.trainer);
  await page.goto(lesson.editor);
  await expect(page.locator(".cm-content")).toBeVisible();
  await expect(page.locator(".preview .prose")).toContainText("Đoạn một của bài.");
  await expectAccessible(page);
});
