import { readCaughtMail } from "~/mail/catcher.server";

import { makeUser } from "../factories";
import { passwordLinkIn } from "../mail";
import { DEMO, expect, expectAccessible, test } from "./fixtures";

const mailDir = () => process.env.E2E_MAIL_DIR!;

/** The mails the test SMTP server received for this address, waiting until `count` have arrived. */
async function mailsFor(address: string, count = 1) {
  await expect
    .poll(async () => (await readCaughtMail(mailDir())).filter((m) => m.to.includes(address)).length, {
      timeout: 15_000,
    })
    .toBeGreaterThanOrEqual(count);
  return (await readCaughtMail(mailDir())).filter((m) => m.to.includes(address));
}

test("forgot password: the mailed link sets a new password once, then is dead @no-js", async ({ page }) => {
  const user = await makeUser({ fullName: "Nguyễn Thị Quên" });
  await page.goto("/login");
  await page.getByRole("link", { name: "Quên mật khẩu?" }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  await expectAccessible(page);
  await page.getByLabel("Email").fill(user.email);
  await page.getByRole("button", { name: "Gửi liên kết đặt lại mật khẩu" }).click();
  await expect(page.getByRole("status")).toContainText("chúng tôi đã gửi tới đó một liên kết");
  await expectAccessible(page);

  const [mail] = await mailsFor(user.email);
  expect(mail!.subject).toBe("[Học Dân vận] Đặt lại mật khẩu");
  expect(mail!.text).toContain("Kính gửi đồng chí Nguyễn Thị Quên,");
  expect(mail!.text).toContain("Nền tảng bồi dưỡng Học Dân vận");
  const link = passwordLinkIn(mail!.text);

  await page.goto(link);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Đặt lại mật khẩu");
  await expectAccessible(page);
  await page.getByRole("textbox", { name: "Mật khẩu mới", exact: true }).fill("MatKhauMoi@2027");
  await page.getByLabel("Nhập lại mật khẩu mới").fill("MatKhauMoi@2027");
  await page.getByRole("button", { name: "Đặt mật khẩu và đăng nhập" }).click();
  await expect(page).toHaveURL(/\/me$/);

  // The same link again: refused, with a way forward.
  const again = await page.goto(link);
  expect(again!.status()).toBe(410);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Liên kết không còn dùng được");
  await expectAccessible(page);

  // The new password signs in.
  await page.context().clearCookies();
  await page.goto("/login");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Mật khẩu").fill("MatKhauMoi@2027");
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page).toHaveURL(/\/me$/);
});

test("an unknown email gets the same answer as a known one @no-js", async ({ page }) => {
  await page.goto("/forgot-password");
  await page.getByLabel("Email").fill("khong-ai-ca@thu.test");
  await page.getByRole("button", { name: "Gửi liên kết đặt lại mật khẩu" }).click();
  await expect(page.getByRole("status")).toContainText("chúng tôi đã gửi tới đó một liên kết");
});

test("an administrator creates an account without a password; the person sets it from the mail", async ({
  page,
  browser,
  loginAs,
}) => {
  await loginAs(DEMO.admin);
  const email = `tai-khoan-moi-${Date.now()}@thu.test`;
  await page.goto("/admin/users/new");
  await page.getByLabel("Họ và tên").fill("Lê Văn Mới");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("combobox", { name: "Đơn vị", exact: true }).selectOption({ label: "— Xã Hòa Bình" });
  await page.getByRole("button", { name: "Tạo tài khoản" }).click();
  await expect(page.getByRole("status")).toContainText("gửi email có liên kết đặt mật khẩu");

  const [mail] = await mailsFor(email);
  expect(mail!.subject).toBe("[Học Dân vận] Đặt mật khẩu tài khoản");
  expect(mail!.text).toContain("Ban Tuyên giáo và Dân vận Tỉnh ủy");
  expect(mail!.text).toContain("trong 7 ngày");
  const newcomer = await browser.newPage();
  await newcomer.goto(passwordLinkIn(mail!.text));
  await expect(newcomer.getByRole("heading", { level: 1 })).toHaveText("Đặt mật khẩu cho tài khoản");
  await newcomer.getByRole("textbox", { name: "Mật khẩu mới", exact: true }).fill("MatKhauDau@2027");
  await newcomer.getByLabel("Nhập lại mật khẩu mới").fill("MatKhauDau@2027");
  await newcomer.getByRole("button", { name: "Đặt mật khẩu và đăng nhập" }).click();
  await expect(newcomer).toHaveURL(/\/me$/);
  await newcomer.close();
});

test("the bell counts a new assignment; opening the notice reads it @no-js", async ({ page, browser, baseURL }) => {
  const learner = await makeUser({ fullName: "Trần Thị Chuông" });
  const admin = await browser.newContext({ baseURL, javaScriptEnabled: false });
  const { sessionCookieFor } = await import("./fixtures");
  await admin.addCookies([await sessionCookieFor(DEMO.admin, baseURL!)]);
  const adminPage = await admin.newPage();
  await adminPage.goto("/admin/assignments/new");
  await adminPage.getByLabel("Khóa học").selectOption("nhap-mon-dan-van");
  await adminPage.getByLabel("Tên đợt học tập").fill("Đợt thử chuông thông báo");
  await adminPage.getByLabel("Hạn hoàn thành").fill("2099-12-31");
  await adminPage.getByLabel("Giao cho cá nhân (email, mỗi dòng một người)").fill(learner.email);
  await adminPage.getByRole("button", { name: "Giao khóa học" }).click();
  await expect(adminPage.getByRole("status")).toContainText("Đã giao khóa học");
  await admin.close();

  await page.context().addCookies([await sessionCookieFor(learner.email, baseURL!)]);
  await expect
    .poll(
      async () => {
        await page.goto("/courses");
        return page.getByRole("link", { name: /^Thông báo:/ }).getAttribute("aria-label");
      },
      { timeout: 15_000 },
    )
    .toBe("Thông báo: 1 chưa đọc");
  await page.getByRole("link", { name: /^Thông báo:/ }).click();
  await expect(page.getByRole("heading", { level: 2 })).toContainText("Khóa học được giao");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Xem chi tiết" }).click();
  await expect(page).toHaveURL(/\/courses\/nhap-mon-dan-van$/);
  await expect(page.getByRole("link", { name: /^Thông báo:/ })).toHaveAttribute(
    "aria-label",
    "Thông báo: không có thông báo mới",
  );
  const [mail] = await mailsFor(learner.email);
  expect(mail!.subject).toBe("[Học Dân vận] Khóa học được giao: Nhập môn: Dân vận khéo trong 30 phút");
});
