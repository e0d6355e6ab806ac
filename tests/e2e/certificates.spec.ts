import fs from "node:fs";

import type { Page } from "@playwright/test";

import { prisma } from "~/db.server";

import { correctAnswerFields } from "../quiz-forms";
import { expect, expectAccessible, test } from "./fixtures";

const COURSE = "nhap-mon-dan-van";

/** Answers the attempt on the page with the key stored in the attempt (under its form ids), then submits. */
async function passQuizOnPage(page: Page) {
  const attemptId = page.url().split("/").pop()!;
  for (const [name, value] of await correctAnswerFields(attemptId)) {
    if (name.split(":").length === 3) await page.locator(`select[name="${name}"]`).selectOption(value);
    else await page.locator(`input[name="${name}"][value="${value}"]`).check();
  }
  await page.getByRole("button", { name: "Nộp bài" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Đạt yêu cầu" })).toBeVisible();
}

test("a learner finishes the demo course, downloads the certificate and the verify page confirms it", async ({
  page,
  loginAs,
}, testInfo) => {
  await loginAs("hocvien30@hocdanvan.test");
  await page.goto(`/courses/${COURSE}`);
  await page.getByRole("button", { name: "Bắt đầu học" }).click();
  await expect(page).toHaveURL(`/courses/${COURSE}/dan-van-la-gi-va-vi-sao`);

  // Both lessons, marked done; the second time the button is gone and nothing changes.
  for (const slug of ["dan-van-la-gi-va-vi-sao", "dan-van-kheo-o-co-so"]) {
    await page.goto(`/courses/${COURSE}/${slug}`);
    await page.getByRole("button", { name: "Đánh dấu đã học xong" }).click();
    await expect(page.getByText("Bạn đã học xong bài này")).toBeVisible();
  }
  await page.goto(`/courses/${COURSE}`);
  await expect(page.getByRole("progressbar", { name: "Tiến độ của bạn" })).toHaveAttribute("aria-valuenow", "50");
  await expectAccessible(page);

  // "Tiếp tục học" leads to the module quiz, then to the exam.
  await page.getByRole("link", { name: /Tiếp tục học/ }).click();
  await page.getByRole("button", { name: "Bắt đầu làm bài" }).click();
  await passQuizOnPage(page);
  await page.goto(`/courses/${COURSE}`);
  await page.getByRole("link", { name: /Tiếp tục học/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Bài thi cuối khóa");
  await page.getByRole("button", { name: "Bắt đầu làm bài" }).click();
  await passQuizOnPage(page);
  await expect(page.getByText("Bạn đã hoàn thành khóa học và được cấp chứng nhận")).toBeVisible();

  // The dashboard shows the finished course and its certificate.
  await page.goto("/me");
  await expect(page.getByText(/Hoàn thành ngày/)).toBeVisible();
  await expectAccessible(page);
  await page.locator(`a[href^="/certificates/"]`).first().click();
  const serial = page.url().split("/").pop()!;
  expect(serial).toMatch(/^DVK-\d{4}-[0-9A-Z]{6}$/);
  await expectAccessible(page);
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Tải chứng nhận (PDF)" }).click();
  const file = testInfo.outputPath("chung-nhan.pdf");
  await (await download).saveAs(file);
  expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe("%PDF-");

  // Public verification, signed out, by serial and by uploading the downloaded file.
  await page.context().clearCookies();
  await page.goto(`/verify/${serial}`);
  await expect(page.getByRole("status")).toContainText("Chứng nhận hợp lệ");
  await expect(page.getByText("Nhập môn: Dân vận khéo trong 30 phút (phiên bản 1)")).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel(/Kiểm tra một tệp chứng nhận/).setInputFiles(file);
  await page.getByRole("button", { name: "Kiểm tra tệp" }).click();
  await expect(page.getByRole("alert")).toContainText("chứng nhận thật");
});

test("verification explains bad uploads and unknown serials @no-js", async ({ page }) => {
  const response = await page.goto("/verify/DVK-2026-ZZZZZZ");
  expect(response?.status()).toBe(404);
  await expect(page.getByText("Không tìm thấy chứng nhận")).toBeVisible();
  await page.goto("/verify");
  await expectAccessible(page);
  await page
    .getByLabel(/Kiểm tra một tệp chứng nhận/)
    .setInputFiles({ name: "anh.pdf", mimeType: "application/pdf", buffer: Buffer.from("đây không phải PDF") });
  await page.getByRole("button", { name: "Kiểm tra tệp" }).click();
  await expect(page.getByRole("alert")).toContainText("không phải là tệp PDF");
  await page
    .getByLabel(/Kiểm tra một tệp chứng nhận/)
    .setInputFiles({ name: "lon.pdf", mimeType: "application/pdf", buffer: Buffer.alloc(6 * 1024 * 1024, 0x25) });
  await page.getByRole("button", { name: "Kiểm tra tệp" }).click();
  await expect(page.getByRole("alert")).toContainText("tối đa 5 MB");
});

test("a learner cannot open another learner's certificate downloads", async ({ page, loginAs }) => {
  const owner = await prisma.user.findUniqueOrThrow({ where: { email: "hocvien29@hocdanvan.test" } });
  const completion = await prisma.courseCompletion.create({
    data: { userId: owner.id, courseId: COURSE, courseVersion: 1, finalScore: 80 },
  });
  const { issueFirstCertificate } = await import("~/certificates/issue.server");
  const cert = (await issueFirstCertificate({ completionId: completion.id }))!;
  await loginAs("hocvien28@hocdanvan.test");
  for (const path of [
    `/certificates/${cert.serial}`,
    `/certificates/${cert.serial}/pdf`,
    `/certificates/${cert.serial}/badge`,
  ]) {
    // The page's own request context carries the signed-in learner's cookie (a download is not a page).
    expect((await page.request.get(path, { maxRedirects: 0 })).status(), path).toBe(404);
  }
  // The public page shows the fields but no download link.
  await page.goto(`/verify/${cert.serial}`);
  await expect(page.getByRole("link", { name: /Tải/ })).toHaveCount(0);
  expect((await page.request.get("/.well-known/jwks.json")).status()).toBe(200);
});
