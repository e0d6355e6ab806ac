import { DEMO, DEMO_PASSWORD, expect, expectAccessible, test } from "./fixtures";

test("an administrator signs in through the form and lands on the admin overview", async ({ page }) => {
  await page.goto("/login");
  await expectAccessible(page);
  await page.getByLabel("Email").fill(DEMO.admin);
  await page.getByLabel("Mật khẩu").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByRole("heading", { level: 1, name: "Tổng quan" })).toBeVisible();
  await expectAccessible(page);
});

test("wrong password and unknown email show the same Vietnamese message and keep the email", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill(DEMO.learner);
  await page.getByLabel("Mật khẩu").fill("mat-khau-sai");
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page.getByRole("alert")).toContainText("Email hoặc mật khẩu không đúng.");
  await expect(page.getByLabel("Email")).toHaveValue(DEMO.learner);
  await expectAccessible(page);

  await page.getByLabel("Email").fill("khong-co@hocdanvan.test");
  await page.getByLabel("Mật khẩu").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page.getByRole("alert")).toContainText("Email hoặc mật khẩu không đúng.");
});

test("empty fields get Vietnamese validation messages", async ({ page }) => {
  await page.goto("/login");
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page.getByText("Vui lòng nhập email.")).toBeVisible();
  await expect(page.getByText("Vui lòng nhập mật khẩu.")).toBeVisible();
});

test("sign-in works without JavaScript and signing out ends the session @no-js", async ({ page }) => {
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fadmin/);
  await page.getByLabel("Email").fill(DEMO.manager);
  await page.getByLabel("Mật khẩu").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page).toHaveURL(/\/admin$/);
  await expectAccessible(page);
  await page.locator(".user-menu summary").click();
  await page.getByRole("button", { name: "Đăng xuất" }).click();
  await expect(page).toHaveURL(/\/$/);
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/login/);
});

test("logging out of all devices ends the other sessions too", async ({ browser, baseURL }) => {
  const login = async () => {
    const context = await browser.newContext({ baseURL });
    const page = await context.newPage();
    await page.goto("/login");
    await page.getByLabel("Email").fill(DEMO.trainer);
    await page.getByLabel("Mật khẩu").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await expect(page).toHaveURL(/\/studio$/);
    return { context, page };
  };
  const phone = await login();
  const laptop = await login();
  await laptop.page.goto("/account");
  await expectAccessible(laptop.page);
  await laptop.page.getByRole("button", { name: "Đăng xuất khỏi mọi thiết bị" }).click();
  await expect(laptop.page).toHaveURL(/\/login/);
  await phone.page.goto("/studio");
  await expect(phone.page).toHaveURL(/\/login/);
  await phone.context.close();
  await laptop.context.close();
});

test("a cross-origin POST is refused with 403", async ({ request }) => {
  const response = await request.post("/login", {
    headers: { Origin: "https://evil.example" },
    form: { email: DEMO.admin, password: DEMO_PASSWORD },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(403);
  expect(response.headers()["set-cookie"]).toBeUndefined();
});

test("/healthz answers ok after checking the database", async ({ request }) => {
  const response = await request.get("/healthz");
  expect(response.status()).toBe(200);
  // A read and a committed write probe (issue #11).
  expect(await response.json()).toEqual({ status: "ok", read: "ok", write: "ok" });
});
