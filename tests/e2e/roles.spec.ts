import { prisma } from "~/db.server";

import { DEMO, expect, expectAccessible, test } from "./fixtures";

const PAGES = [
  "/me",
  "/studio",
  "/admin",
  "/admin/users",
  "/admin/users/new",
  "/admin/units",
  "/admin/units/new",
  "/admin/assignments",
  "/admin/assignments/new",
  "/admin/reports",
  "/account",
];

// Who may open what: 200 allowed, 403 refused. Anonymous visitors are sent to /login.
const ACCESS: Record<string, Record<string, 200 | 403>> = {
  [DEMO.learner]: {
    "/me": 200,
    "/studio": 403,
    "/admin": 403,
    "/admin/users": 403,
    "/admin/users/new": 403,
    "/admin/units": 403,
    "/admin/units/new": 403,
    "/admin/assignments": 403,
    "/admin/assignments/new": 403,
    "/admin/reports": 403,
    "/account": 200,
  },
  [DEMO.trainer]: {
    "/me": 200,
    "/studio": 200,
    "/admin": 403,
    "/admin/users": 403,
    "/admin/users/new": 403,
    "/admin/units": 403,
    "/admin/units/new": 403,
    "/admin/assignments": 403,
    "/admin/assignments/new": 403,
    "/admin/reports": 403,
    "/account": 200,
  },
  [DEMO.manager]: {
    "/me": 200,
    "/studio": 403,
    "/admin": 200,
    "/admin/users": 200,
    "/admin/users/new": 200,
    "/admin/units": 200,
    "/admin/units/new": 403,
    "/admin/assignments": 200,
    "/admin/assignments/new": 200,
    "/admin/reports": 200,
    "/account": 200,
  },
  [DEMO.admin]: {
    "/me": 200,
    "/studio": 200,
    "/admin": 200,
    "/admin/users": 200,
    "/admin/users/new": 200,
    "/admin/units": 200,
    "/admin/units/new": 200,
    "/admin/assignments": 200,
    "/admin/assignments/new": 200,
    "/admin/reports": 200,
    "/account": 200,
  },
};

for (const [email, expected] of Object.entries(ACCESS)) {
  test(`${email} reaches exactly the pages of their roles`, async ({ page, loginAs }) => {
    await loginAs(email);
    for (const path of PAGES) {
      const response = await page.goto(path);
      expect(response?.status(), `${email} → ${path}`).toBe(expected[path]);
      if (expected[path] === 403)
        await expect(page.getByRole("heading", { level: 1 })).toHaveText("Không có quyền truy cập");
    }
  });
}

test("anonymous visitors are sent to sign in, then brought back", async ({ page }) => {
  for (const path of PAGES) {
    await page.goto(path);
    await expect(page).toHaveURL(new RegExp(`/login\\?redirectTo=${encodeURIComponent(path).replace(/\//g, "%2F")}$`));
  }
});

test("the 403 and 404 pages are in Vietnamese and accessible", async ({ page, loginAs }) => {
  await loginAs(DEMO.learner);
  await page.goto("/admin");
  await expect(page.getByText("Tài khoản của bạn không có quyền xem trang này.")).toBeVisible();
  await expectAccessible(page);
  const response = await page.goto("/khong-co-trang-nay");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Không tìm thấy trang");
  await expectAccessible(page);
});

test("a unit manager cannot see or edit a user outside their subtree", async ({ page, loginAs, request }) => {
  await loginAs(DEMO.manager);
  const outsider = await prisma.user.findFirstOrThrow({ where: { unit: { name: "Sở Nội vụ" } } });
  const insider = await prisma.user.findUniqueOrThrow({ where: { email: DEMO.learner } });

  await page.goto("/admin/users");
  await expectAccessible(page);
  await expect(page.getByRole("link", { name: insider.fullName })).toBeVisible();
  await expect(page.getByRole("cell", { name: outsider.email })).toHaveCount(0);

  expect((await page.goto(`/admin/users/${outsider.id}`))?.status()).toBe(404);
  expect((await page.goto(`/admin/users/${insider.id}`))?.status()).toBe(200);

  // A forged POST against the outsider changes nothing.
  const cookies = await page.context().cookies();
  const forged = await request.post(`/admin/users/${outsider.id}`, {
    headers: { Cookie: cookies.map((c) => `${c.name}=${c.value}`).join("; ") },
    form: { intent: "deactivate" },
    maxRedirects: 0,
  });
  expect(forged.status()).toBe(404);
  expect((await prisma.user.findUniqueOrThrow({ where: { id: outsider.id } })).active).toBe(true);
});

test("trainers see the last content build and every quiz's statistics link", async ({ page, loginAs }) => {
  await loginAs(DEMO.trainer);
  await page.goto("/studio");
  await expect(page.getByRole("progressbar", { name: "Tiến độ biên dịch nội dung" })).toHaveAttribute(
    "aria-valuenow",
    "100",
  );
  await expect(page.getByText("Không có lỗi nội dung.")).toBeVisible();
  await expect(page.getByRole("link", { name: /Bài thi cuối khóa: Kỹ năng dân vận/ })).toBeVisible();
  await expectAccessible(page);
});
