import { DEMO, DEMO_PASSWORD, expect, expectAccessible, test } from "./fixtures";

test("the administrator creates a unit and a user, who can then sign in", async ({
  page,
  loginAs,
  browser,
  baseURL,
}) => {
  const stamp = Date.now().toString(36);
  const unitName = `Xã Thử Nghiệm ${stamp}`;
  const email = `nguoimoi-${stamp}@hocdanvan.test`;
  await loginAs(DEMO.admin);

  await page.goto("/admin/units/new");
  await expectAccessible(page);
  await page.getByLabel("Tên đơn vị").fill(unitName);
  await page.getByLabel("Loại đơn vị").selectOption("XA");
  await page.getByLabel("Đơn vị cấp trên").selectOption({ label: "Tỉnh Quảng Trị" });
  await page.getByRole("button", { name: "Thêm đơn vị" }).click();
  await expect(page).toHaveURL(/\/admin\/units$/);
  await expect(page.getByRole("link", { name: unitName })).toBeVisible();
  await expectAccessible(page);

  await page.goto("/admin/users/new");
  await expectAccessible(page);
  await page.getByLabel("Họ và tên").fill("Đỗ Thị Ngọc Ánh");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Chức vụ").fill("Công chức Văn hóa – Xã hội");
  await page.getByRole("combobox", { name: "Đơn vị", exact: true }).selectOption({ label: `— ${unitName}` });
  await page.getByLabel("Mật khẩu ban đầu").fill("BatDau@2026");
  await page.getByRole("button", { name: "Tạo tài khoản" }).click();
  await expect(page.getByRole("status")).toContainText("Đã tạo tài khoản");
  await expectAccessible(page);

  const context = await browser.newContext({ baseURL });
  const newcomer = await context.newPage();
  await newcomer.goto("/login");
  await newcomer.getByLabel("Email").fill(email);
  await newcomer.getByLabel("Mật khẩu").fill("BatDau@2026");
  await newcomer.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(newcomer).toHaveURL(/\/me$/);
  await expect(newcomer.getByText("Đỗ Thị Ngọc Ánh").first()).toBeVisible();
  await expectAccessible(newcomer);
  await context.close();
});

test("a rejected user form explains every problem in Vietnamese and keeps what was typed @no-js", async ({
  page,
  loginAs,
}) => {
  await loginAs(DEMO.admin);
  await page.goto("/admin/users/new");
  await page.getByLabel("Họ và tên").fill("Hoàng Văn Bách");
  await page.getByLabel("Email").fill("khong-phai-email");
  await page.getByLabel("Chức vụ").fill("Trưởng thôn");
  await page.getByLabel("Mật khẩu ban đầu").fill("ngan");
  await page.getByRole("button", { name: "Tạo tài khoản" }).click();
  await expect(page.getByText("Email không hợp lệ")).toBeVisible();
  await expect(page.getByText("Vui lòng chọn đơn vị.")).toBeVisible();
  await expect(page.getByText("Mật khẩu phải có ít nhất 8 ký tự.")).toBeVisible();
  await expect(page.getByLabel("Họ và tên")).toHaveValue("Hoàng Văn Bách");
  await expect(page.getByLabel("Email")).toHaveValue("khong-phai-email");
  await expect(page.getByLabel("Chức vụ")).toHaveValue("Trưởng thôn");
  await expectAccessible(page);

  // A taken email is reported on the email field.
  await page.getByLabel("Email").fill(DEMO.learner);
  await page.getByRole("combobox", { name: "Đơn vị", exact: true }).selectOption({ label: "— Xã Hòa Bình" });
  await page.getByLabel("Mật khẩu ban đầu").fill("DuDai@2026x");
  await page.getByRole("button", { name: "Tạo tài khoản" }).click();
  await expect(page.getByText("Email này đã được dùng cho một tài khoản khác.")).toBeVisible();
  await expect(page.getByLabel("Họ và tên")).toHaveValue("Hoàng Văn Bách");
});

test("a deactivated user cannot sign in and is told why", async ({ page, loginAs, browser, baseURL }) => {
  await loginAs(DEMO.admin);
  await page.goto("/admin/users?q=hocvien05");
  await page.getByRole("table").getByRole("link").first().click();
  await page.getByRole("button", { name: "Vô hiệu hóa" }).click();
  await expect(page.getByRole("status")).toContainText("Đã vô hiệu hóa tài khoản");

  const context = await browser.newContext({ baseURL });
  const other = await context.newPage();
  await other.goto("/login");
  await other.getByLabel("Email").fill("hocvien05@hocdanvan.test");
  await other.getByLabel("Mật khẩu").fill(DEMO_PASSWORD);
  await other.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(other.getByRole("alert")).toContainText("Tài khoản này đã bị vô hiệu hóa");
  await context.close();

  await page.getByRole("button", { name: "Kích hoạt lại" }).click();
  await expect(page.getByRole("status")).toContainText("Đã kích hoạt lại");
});

test("sign-in is throttled after repeated failures with a message saying when to retry", async ({ page }) => {
  await page.goto("/login");
  for (let i = 0; i < 5; i++) {
    await page.getByLabel("Email").fill("hocvien07@hocdanvan.test");
    await page.getByLabel("Mật khẩu").fill(`sai-${i}`);
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await expect(page.getByRole("alert")).toContainText("Email hoặc mật khẩu không đúng.");
  }
  await page.getByLabel("Mật khẩu").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page.getByRole("alert")).toContainText(/thử lại sau \d+ phút \(lúc \d{2}:\d{2}\)/);
});
