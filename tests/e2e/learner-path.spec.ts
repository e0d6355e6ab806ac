import { prisma } from "~/db.server";

import { makeUser } from "../factories";
import { expect, expectAccessible, test } from "./fixtures";

// Issue #12 (learner path): each broken item reproduced in the browser, then the missing pieces.
const COURSE = "ky-nang-dan-van-co-so";
const LESSON = "lang-nghe-tich-cuc";
const ANSWER_LABEL = "Câu trả lời của bạn (chỉ riêng bạn xem được)";

/** A fresh learner of their own unit, signed in: no other test's enrolments or answers. */
async function freshLearner(loginAs: (email: string) => Promise<void>, fullName: string) {
  const user = await makeUser({ fullName, roles: ["LEARNER"] });
  await loginAs(user.email);
  return user;
}

test("a course started from a lesson link tells one story on the catalogue, the course page and /me", async ({
  page,
  loginAs,
}) => {
  await freshLearner(loginAs, "Lê Thị Liên Kết");
  // Opened from a shared link: reading writes nothing, so nothing anywhere says "đang học" yet.
  await page.goto(`/courses/${COURSE}/${LESSON}`);
  await page.goto("/courses");
  const card = page.locator(".course-card", {
    has: page.getByRole("link", { name: "Kỹ năng dân vận cho cán bộ cơ sở" }),
  });
  await expect(card.getByText("Tiến độ")).toHaveCount(0);
  await page.goto("/me");
  await expect(page.getByRole("link", { name: "Kỹ năng dân vận cho cán bộ cơ sở" })).toHaveCount(0);

  // Saving a reflection starts the lesson, so the course: all three pages now agree.
  await page.goto(`/courses/${COURSE}/${LESSON}`);
  await page.getByLabel(ANSWER_LABEL).first().fill("Nghe hết rồi mới hỏi lại.");
  await page.getByRole("button", { name: "Lưu câu trả lời" }).first().click();
  await page.goto("/courses");
  await expect(card.getByText("0%")).toBeVisible();
  await expectAccessible(page);
  await page.goto(`/courses/${COURSE}`);
  await expect(page.getByRole("button", { name: "Bắt đầu học" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: /^Tiếp tục học: / })).toBeVisible();
  await page.goto("/me");
  const mine = page.locator(".course-card", {
    has: page.getByRole("link", { name: "Kỹ năng dân vận cho cán bộ cơ sở" }),
  });
  await expect(mine).toBeVisible();
  await expect(mine.getByRole("link", { name: "Tiếp tục học" })).toBeVisible();
});

test("enrolled but not started: 'Bắt đầu học' everywhere, never 'Tiếp tục' @no-js", async ({ page, loginAs }) => {
  await freshLearner(loginAs, "Phan Văn Ghi Danh");
  await page.goto(`/courses/${COURSE}`);
  await page.getByRole("button", { name: "Bắt đầu học" }).click();
  await expect(page).toHaveURL(`/courses/${COURSE}/${LESSON}`);
  await page.goto(`/courses/${COURSE}`);
  await expect(page.getByRole("link", { name: /^Bắt đầu học: / })).toBeVisible();
  await page.goto("/courses");
  const card = page.locator(".course-card", {
    has: page.getByRole("link", { name: "Kỹ năng dân vận cho cán bộ cơ sở" }),
  });
  await expect(card.getByText("Chưa bắt đầu")).toBeVisible();
  await page.goto("/me");
  await expect(page.getByRole("link", { name: "Bắt đầu học" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Tiếp tục học" })).toHaveCount(0);
});

test("an emptied reflection box keeps the saved answer; deleting needs 'Xóa bài viết' and a confirmation @no-js", async ({
  page,
  loginAs,
}) => {
  const user = await freshLearner(loginAs, "Vũ Thị Suy Ngẫm");
  const long = "Tôi sẽ lắng nghe người dân nói hết, ghi lại ý chính và hỏi lại cho rõ. ".repeat(20).trim();
  await page.goto(`/courses/${COURSE}/${LESSON}`);
  const box = page.getByLabel(ANSWER_LABEL).first();
  await box.fill(long);
  await page.getByRole("button", { name: "Lưu câu trả lời" }).first().click();
  await expect(page.getByRole("status")).toHaveText("Đã lưu câu trả lời của bạn.");

  // Select all + delete + "Lưu": nothing is lost, and the page says so (not "Đã lưu").
  await page.getByLabel(ANSWER_LABEL).first().fill("");
  await page.getByRole("button", { name: "Lưu câu trả lời" }).first().click();
  await expect(page.getByRole("status")).toContainText("câu trả lời đã lưu trước đó vẫn được giữ nguyên");
  await expect(page.getByText("Đã lưu câu trả lời của bạn.")).toHaveCount(0);
  await expect(page.getByLabel(ANSWER_LABEL).first()).toHaveValue(long);
  expect(await prisma.reflectionNote.count({ where: { userId: user.id, answer: long } })).toBe(1);
  await expectAccessible(page);

  // Deleting on purpose: a link, then a confirmation form.
  await page.getByRole("link", { name: "Xóa bài viết" }).first().click();
  await expect(page.getByRole("status")).toContainText("Xóa câu trả lời đã lưu");
  expect(await prisma.reflectionNote.count({ where: { userId: user.id } })).toBe(1);
  await expectAccessible(page);
  await page.getByRole("button", { name: "Xóa bài viết" }).click();
  await expect(page.getByRole("status")).toHaveText("Đã xóa câu trả lời của bạn.");
  await expect(page.getByLabel(ANSWER_LABEL).first()).toHaveValue("");
  expect(await prisma.reflectionNote.count({ where: { userId: user.id } })).toBe(0);
});

test("a wrong serial stays on /verify with the message and the search box @no-js", async ({ page }) => {
  const response = await page.goto("/verify?serial=DVK-2026-ZZZZZZ");
  expect(response?.status()).toBe(404);
  await expect(page).toHaveURL("/verify/DVK-2026-ZZZZZZ");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Xác minh chứng nhận");
  await expect(page.getByRole("status")).toContainText("Không tìm thấy chứng nhận có số hiệu “DVK-2026-ZZZZZZ”");
  await expect(page.getByText("Không tìm thấy trang")).toHaveCount(0);
  const search = page.getByRole("searchbox", { name: "Số hiệu chứng nhận" });
  await expect(search).toHaveValue("DVK-2026-ZZZZZZ");
  await expectAccessible(page);
  await search.fill("dvk-2026-yyyyyy");
  await page.getByRole("button", { name: "Tra cứu" }).click();
  await expect(page).toHaveURL("/verify/DVK-2026-YYYYYY");
  await expect(page.getByRole("status")).toContainText("DVK-2026-YYYYYY");
});

test("/verify is linked from the footer and the home page", async ({ page }) => {
  await page.goto("/");
  await expect(page.locator("main").getByRole("link", { name: "Xác minh chứng nhận" })).toHaveAttribute(
    "href",
    "/verify",
  );
  await page.goto("/courses");
  await page.locator("footer").getByRole("link", { name: "Xác minh chứng nhận" }).click();
  await expect(page).toHaveURL("/verify");
});

test("the header 'Đăng nhập' returns to the page it was clicked on @no-js", async ({ page }) => {
  const user = await makeUser({ fullName: "Đỗ Văn Quay Lại", password: "QuayLai@2026x" });
  await page.goto(`/courses/${COURSE}/${LESSON}`);
  await page.locator("header").getByRole("link", { name: "Đăng nhập" }).click();
  await expect(page).toHaveURL(`/login?redirectTo=${encodeURIComponent(`/courses/${COURSE}/${LESSON}`)}`);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Mật khẩu").fill("QuayLai@2026x");
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page).toHaveURL(`/courses/${COURSE}/${LESSON}`);
  // A foreign target never leaves the site.
  await page.context().clearCookies();
  await page.goto(`/login?redirectTo=${encodeURIComponent("//evil.example/x")}`);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Mật khẩu").fill("QuayLai@2026x");
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page).toHaveURL(/^http:\/\/localhost:\d+\//);
});

test("the course index beside a lesson shows each lesson's and quiz's state; behind a button on a phone", async ({
  page,
  loginAs,
}) => {
  const user = await freshLearner(loginAs, "Hồ Thị Mục Lục");
  const lessons = await prisma.lesson.findMany({
    where: { courseId: COURSE, slug: { in: [LESSON, "lang-nghe-nguoi-it-len-tieng"] } },
  });
  const first = lessons.find((l) => l.slug === LESSON)!;
  const second = lessons.find((l) => l.slug !== LESSON)!;
  await prisma.lessonProgress.create({
    data: { userId: user.id, lessonId: first.id, startedAt: new Date(), completedAt: new Date() },
  });
  await prisma.lessonProgress.create({ data: { userId: user.id, lessonId: second.id, startedAt: new Date() } });

  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`/courses/${COURSE}/${second.slug}`);
  const index = page.getByRole("navigation", { name: "Mục lục khóa học" });
  await expect(index).toBeVisible();
  await expect(index.getByRole("link", { name: first.title })).toBeVisible();
  await expect(index.locator("li:not(:has(li))", { hasText: first.title })).toContainText("(Đã học xong)");
  await expect(index.locator("li:not(:has(li))", { hasText: second.title })).toContainText("(Đang học)");
  await expect(index.getByRole("link", { name: second.title })).toHaveAttribute("aria-current", "page");
  await expect(index.locator("li:not(:has(li))", { hasText: "Nắm tình hình" }).first()).toContainText("(Chưa học)");
  await expect(index.locator("li.index-quiz").first()).toContainText("(Chưa làm)");
  await expect(page.getByRole("navigation", { name: "Mục lục bài học" })).toBeVisible();
  await expectAccessible(page);
});

test("on a phone the course index and the lesson's contents start closed and open without JavaScript @no-js", async ({
  page,
}) => {
  await page.goto(`/courses/${COURSE}/${LESSON}`);
  await expect(page.getByRole("navigation", { name: "Mục lục khóa học" })).toBeHidden();
  await expect(page.getByRole("navigation", { name: "Mục lục bài học" })).toBeHidden();
  await page.locator("summary", { hasText: "Mục lục khóa học" }).click();
  const index = page.getByRole("navigation", { name: "Mục lục khóa học" });
  await expect(index).toBeVisible();
  // A visitor sees the outline without states.
  await expect(index.getByText("(Chưa học)")).toHaveCount(0);
  await page.locator("summary", { hasText: "Nội dung bài" }).click();
  await expect(page.getByRole("navigation", { name: "Mục lục bài học" })).toBeVisible();
  await expectAccessible(page);
});

test("a glossary term opens its definition in place, without JavaScript @no-js", async ({ page }) => {
  const url = `/courses/${COURSE}/nguoi-co-uy-tin-va-lam-thi-diem`;
  await page.goto(url);
  const term = await prisma.glossaryTerm.findUniqueOrThrow({ where: { id: "nguoi-co-uy-tin" } });
  const definition = page.getByRole("note").filter({ hasText: term.definition.slice(0, 40) });
  await expect(definition).toBeHidden();
  await page.getByRole("button", { name: "Người có uy tín" }).first().click();
  await expect(definition).toBeVisible();
  await expect(page).toHaveURL(url);
  await expect(definition.getByRole("link", { name: "Bảng thuật ngữ" })).toHaveAttribute(
    "href",
    "/glossary#nguoi-co-uy-tin",
  );
  await expectAccessible(page);
});

test("the transcript shows credited hours, filters by period and downloads XLSX and `;` CSV @no-js", async ({
  page,
  loginAs,
}) => {
  const user = await freshLearner(loginAs, "Trịnh Văn Học Bạ");
  const course = await prisma.course.findUniqueOrThrow({ where: { id: COURSE } });
  await prisma.enrollment.create({ data: { userId: user.id, courseId: COURSE, startedAt: new Date() } });
  await prisma.courseCompletion.create({
    data: {
      userId: user.id,
      courseId: COURSE,
      courseVersion: course.version,
      completedAt: new Date("2026-02-10T09:00:00+07:00"),
    },
  });
  await page.goto("/me/transcript");
  await expect(page.getByRole("row", { name: /Tổng số giờ được công nhận/ })).toContainText(String(course.hours));
  await expectAccessible(page);
  await page.getByLabel("Từ ngày").fill("2026-03-01");
  await page.getByRole("button", { name: "Lọc" }).click();
  await expect(page).toHaveURL(/from=2026-03-01/);
  await expect(page.getByRole("cell", { name: course.title })).toHaveCount(0);
  await expect(page.getByRole("row", { name: /Tổng số giờ được công nhận/ })).toContainText("0");
  const xlsx = await page.request.get("/me/transcript.xlsx?from=2026-02-01&to=2026-02-28");
  expect(xlsx.status()).toBe(200);
  expect(xlsx.headers()["content-type"]).toContain("spreadsheetml");
  expect((await xlsx.body()).subarray(0, 2).toString()).toBe("PK");
  const csv = await (await page.request.get("/me/transcript.csv?sep=semicolon")).text();
  expect(csv).toContain(`${course.title};${course.hours};Đã hoàn thành`);
});
