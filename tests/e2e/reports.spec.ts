import { prisma } from "~/db.server";

import { DEMO, expect, expectAccessible, passQuizOnPage, sessionCookieFor, test } from "./fixtures";

const COURSE = "nhap-mon-dan-van";
// A learner in Chi bộ thôn Đông (under the manager's Xã Hòa Bình) whom no other spec uses.
const LEARNER = "hocvien12@hocdanvan.test";

test("a manager assigns a course with a due date; the learner sees it, completes it, and the report changes at once", async ({
  page,
  browser,
  baseURL,
  loginAs,
}) => {
  await loginAs(DEMO.manager);
  await page.goto("/admin/assignments/new");
  await expectAccessible(page);
  await page.getByLabel("Khóa học").selectOption(COURSE);
  await page.getByLabel("Tên đợt học tập").fill("Đợt thử nghiệm báo cáo");
  await page.getByLabel("Ghi chú").fill("Theo Kế hoạch số 01-KH/TEST");
  await page.getByLabel("Hạn hoàn thành").fill("2099-12-31");
  await page.getByLabel("Giao cho cá nhân (email, mỗi dòng một người)").fill(LEARNER);
  await page.getByRole("button", { name: "Giao khóa học" }).click();
  await expect(page.getByRole("status")).toContainText("Đã giao khóa học");
  await expect(page.getByText("Số người hiện được giao")).toBeVisible();
  const assignmentId = page.url().split("/").pop()!.split("?")[0]!;
  await expectAccessible(page);

  // The assignment's report before: one person counted, not started.
  const reportUrl = `/admin/reports?assignmentId=${assignmentId}`;
  await page.goto(reportUrl);
  const row = page
    .getByRole("table", { name: /Đợt thử nghiệm báo cáo/ })
    .locator("tbody tr")
    .first();
  await expect(row.locator("td").nth(0)).toHaveText("1");
  await expect(row.locator("td").nth(3)).toHaveText("0");
  const chart = page.locator("svg[role=img]");
  await expect(chart.locator("title")).toContainText("Tỷ lệ hoàn thành");
  await expect(chart.locator("desc")).toContainText("0%");
  await expectAccessible(page);

  // The learner sees it first on /me, with the due date and the days left, then completes it.
  const learner = await browser.newContext();
  await learner.addCookies([await sessionCookieFor(LEARNER, baseURL!)]);
  const lp = await learner.newPage();
  await lp.goto("/me");
  const card = lp.locator(".course-card").first();
  await expect(card).toContainText("Được giao: Đợt thử nghiệm báo cáo");
  await expect(card).toContainText("Hạn hoàn thành: 31/12/2099");
  await expect(card).toContainText(/còn \d+ ngày/);
  const enrollment = await prisma.enrollment.findFirstOrThrow({
    where: { user: { email: LEARNER }, courseId: COURSE },
  });
  expect(enrollment.source).toBe("assigned");
  for (const slug of ["dan-van-la-gi-va-vi-sao", "dan-van-kheo-o-co-so"]) {
    await lp.goto(`/courses/${COURSE}/${slug}`);
    await lp.getByRole("button", { name: "Đánh dấu đã học xong" }).click();
    await expect(lp.getByText("Bạn đã học xong bài này")).toBeVisible();
  }
  for (const quiz of ["nhap-mon", "exam"]) {
    await lp.goto(`/courses/${COURSE}/quizzes/${quiz}`);
    await lp.getByRole("button", { name: "Bắt đầu làm bài" }).click();
    await passQuizOnPage(lp);
  }
  await learner.close();

  // The manager's report, reloaded: completed, 100 %, and the person behind the number.
  await page.goto(reportUrl);
  await expect(row.locator("td").nth(3)).toHaveText("1");
  await expect(row.locator("td").nth(5)).toHaveText("100%");
  await expect(chart.locator("desc")).toContainText("100%");
  await row.locator("td").nth(3).getByRole("link").click();
  const people = page.getByRole("table", { name: /Danh sách người/ });
  await expect(people).toContainText("Đã hoàn thành");
  await expect(people).toContainText(/DVK-\d{4}-[0-9A-Z]{6}/);
  await expectAccessible(page);

  // The assignment's own page has the same figures, and its people and figures download.
  await page.goto(`/admin/assignments/${assignmentId}`);
  const figures = page.getByRole("table", { name: /Số người theo trạng thái/ });
  await expect(
    figures
      .getByRole("row", { name: /Đã hoàn thành/ })
      .locator("td")
      .first(),
  ).toHaveText("1");
  await expect(
    figures
      .getByRole("row", { name: /Chưa bắt đầu/ })
      .locator("td")
      .first(),
  ).toHaveText("0");
  await expect(page.getByText("Tỷ lệ hoàn thành: 100 %")).toBeVisible();
  await expectAccessible(page);
  const href = await figures
    .getByRole("row", { name: /Đã hoàn thành/ })
    .getByRole("link", { name: "CSV" })
    .getAttribute("href");
  const csv = await page.request.get(href!);
  expect(csv.status()).toBe(200);
  const text = await csv.text();
  expect(text).toContain(LEARNER);
  expect(text.trim().split("\r\n")).toHaveLength(2);
  const summary = await page.request.get(`/admin/reports.csv?assignmentId=${assignmentId}`);
  expect(await summary.text()).toContain("Đợt thử nghiệm báo cáo");
});

test("a unit manager cannot read or export another unit's report, assignment or learner by URL", async ({
  page,
  baseURL,
  loginAs,
}) => {
  const otherUnit = await prisma.unit.findFirstOrThrow({ where: { name: "Xã Tân Lập" } });
  const outsider = await prisma.user.findUniqueOrThrow({ where: { email: "hocvien03@hocdanvan.test" } });
  const admin = await prisma.user.findUniqueOrThrow({ where: { email: DEMO.admin } });
  const province = await prisma.assignment.create({
    data: {
      courseId: COURSE,
      title: "Đợt của tỉnh",
      startAt: new Date(),
      dueAt: new Date(Date.now() + 86_400_000),
      createdById: admin.id,
      users: { create: { userId: outsider.id } },
    },
  });
  await loginAs(DEMO.manager);
  const q = `unitId=${otherUnit.id}`;
  const refused = [
    `/admin/reports?${q}`,
    `/admin/reports?${q}&status=counted`,
    `/admin/reports.csv?${q}`,
    `/admin/reports.csv?${q}&status=counted`,
    `/admin/reports.xlsx?${q}`,
    `/admin/reports.xlsx?${q}&status=overdue`,
    `/admin/reports.data?${q}`,
    `/admin/reports?${q}&_data=routes%2Fadmin.reports`,
    `/admin/reports?assignmentId=${province.id}`,
    `/admin/reports.csv?assignmentId=${province.id}&status=counted`,
    `/admin/assignments/${province.id}`,
    `/admin/assignments/${province.id}.data`,
    `/admin/users/${outsider.id}`,
    `/admin/users/${outsider.id}.data`,
    `/admin/users/${outsider.id}/transcript.csv`,
    `/admin/users/${outsider.id}/transcript.pdf`,
  ];
  for (const url of refused) {
    const response = await page.request.get(url, { maxRedirects: 0 });
    expect(response.status(), url).toBe(404);
    expect(await response.text(), url).not.toContain(outsider.fullName);
  }
  // Posting to another unit's assignment is refused too, and changes nothing.
  const post = await page.request.post(`/admin/assignments/${province.id}`, {
    form: { intent: "close" },
    headers: { Origin: new URL(baseURL!).origin },
    maxRedirects: 0,
  });
  expect(post.status()).toBe(404);
  expect((await prisma.assignment.findUniqueOrThrow({ where: { id: province.id } })).closedAt).toBeNull();
  // The user list's download ignores a unit outside the scope, like the page: only their own people.
  for (const ext of ["csv", "xlsx"]) {
    const users = await page.request.get(`/admin/users.${ext}?${q}&status=all`);
    expect(users.status()).toBe(200);
    if (ext === "csv") {
      expect(await users.text()).not.toContain(outsider.email);
      expect(await users.text()).toContain("hocvien@hocdanvan.test");
    }
  }
  // Their own scope works, as a file with a BOM.
  const own = await page.request.get("/admin/reports.csv?status=counted");
  expect(own.status()).toBe(200);
  expect([...(await own.body()).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  // A learner cannot open reports at all.
  await page.context().clearCookies();
  await loginAs(DEMO.learner);
  for (const url of ["/admin/reports", "/admin/reports.csv", "/admin/assignments", "/admin/assignments/new"])
    expect((await page.request.get(url, { maxRedirects: 0 })).status(), url).toBe(403);
});

test("a manager sees a learner's transcript with the same downloads @no-js", async ({ page, loginAs }) => {
  const learner = await prisma.user.findUniqueOrThrow({ where: { email: DEMO.learner } });
  await loginAs(DEMO.manager);
  await page.goto(`/admin/users/${learner.id}`);
  await expect(page.getByRole("heading", { name: "Kết quả học tập" })).toBeVisible();
  const csv = await page.request.get(`/admin/users/${learner.id}/transcript.csv`);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  expect((await csv.text()).startsWith("\uFEFFKhóa học,")).toBe(true);
  const pdf = await page.request.get(`/admin/users/${learner.id}/transcript.pdf`);
  expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");
  await page.goto("/admin/reports");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Báo cáo tiến độ học tập");
  await expectAccessible(page);
});

test("the assignment form explains problems and keeps what was typed, without JavaScript @no-js", async ({
  page,
  loginAs,
}) => {
  await loginAs(DEMO.manager);
  await page.goto("/admin/assignments/new");
  await page.getByLabel("Tên đợt học tập").fill("Đợt không có người");
  await page.getByLabel("Giao cho cá nhân (email, mỗi dòng một người)").fill("hocvien03@hocdanvan.test");
  await page.getByRole("button", { name: "Giao khóa học" }).click();
  await expect(page.getByRole("alert")).toContainText("Có");
  await expect(page.getByText("Vui lòng chọn khóa học.")).toBeVisible();
  await expect(page.getByLabel("Tên đợt học tập")).toHaveValue("Đợt không có người");
  // A person outside the manager's subtree is refused like an unknown email.
  await page.getByLabel("Khóa học").selectOption(COURSE);
  await page.getByRole("button", { name: "Giao khóa học" }).click();
  await expect(page.getByText(/Không tìm thấy người dùng trong phạm vi quản lý của bạn/)).toBeVisible();
  await expectAccessible(page);
  expect(await prisma.assignment.count({ where: { title: "Đợt không có người" } })).toBe(0);
});
