import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";

import { createLocalJWKSet, type JSONWebKeySet, jwtVerify } from "jose";

import { certificatePdf } from "~/certificates/certificates.server";
import { issueFirstCertificate } from "~/certificates/issue.server";
import { readCertificatePayload } from "~/certificates/payload";
import { renderCertificatePdf } from "~/certificates/pdf.server";
import { prisma } from "~/db.server";

import { bombPdf } from "../pdf-bomb";
import { DEMO, expect, expectAccessible, passQuizOnPage, sessionCookieFor, test } from "./fixtures";

const COURSE = "nhap-mon-dan-van";

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

/** A request to the server with headers a browser would not let a page choose (a forged Host). */
function rawRequest(options: { path: string; method?: string; headers: Record<string, string>; body?: string }) {
  const port = Number(process.env.E2E_PORT);
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port, path: options.path, method: options.method ?? "GET", headers: options.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

test("a forged Host header never reaches a certificate; an admin's badge download names the holder", async ({
  baseURL,
}, testInfo) => {
  const EVIL = "evil.example";
  const learner = await prisma.user.findUniqueOrThrow({ where: { email: "hocvien27@hocdanvan.test" } });
  // Everything done but the last lesson, written directly: the request under test completes the course.
  const lessons = await prisma.lesson.findMany({ where: { courseId: COURSE }, orderBy: { position: "asc" } });
  await prisma.lessonProgress.create({
    data: { userId: learner.id, lessonId: lessons[0]!.id, completedAt: new Date() },
  });
  for (const quiz of await prisma.quiz.findMany({ where: { courseId: COURSE } }))
    await prisma.quizAttempt.create({
      data: {
        userId: learner.id,
        quizId: quiz.id,
        layout: "[]",
        maxPoints: 1,
        status: "submitted",
        submittedAt: new Date(),
        points: 1,
        score: 100,
        passed: true,
      },
    });
  const learnerCookie = await sessionCookieFor(learner.email, baseURL!);
  const completed = await rawRequest({
    path: `/courses/${COURSE}/${lessons[1]!.slug}`,
    method: "POST",
    headers: {
      Host: EVIL,
      Cookie: `${learnerCookie.name}=${learnerCookie.value}`,
      "Content-Type": "application/x-www-form-urlencoded",
    },
    body: "intent=complete",
  });
  expect(completed.status).toBe(302);
  const cert = await prisma.certificate.findFirstOrThrow({ where: { userId: learner.id } });
  const payload = readCertificatePayload(cert.payload);
  expect(payload.verifyUrl).toBe(`${baseURL}/verify/${cert.serial}`);

  // The administrator downloads the learner's PDF and badge, again with a forged Host.
  const admin = await sessionCookieFor(DEMO.admin, baseURL!);
  const adminHeaders = { Host: EVIL, Cookie: `${admin.name}=${admin.value}` };
  const pdf = await rawRequest({ path: `/certificates/${cert.serial}/pdf`, headers: adminHeaders });
  expect(pdf.status).toBe(200);
  const file = testInfo.outputPath("chung-nhan.pdf");
  fs.writeFileSync(file, pdf.body);
  const text = execFileSync("pdftotext", [file, "-"], { encoding: "utf8" });
  expect(text).toContain(`${baseURL}/verify/${cert.serial}`);
  expect(text).not.toContain(EVIL);

  const badge = await rawRequest({ path: `/certificates/${cert.serial}/badge`, headers: adminHeaders });
  expect(badge.status).toBe(200);
  const jwks = (await (await fetch(`${baseURL}/.well-known/jwks.json`)).json()) as JSONWebKeySet;
  const { payload: claims } = await jwtVerify(badge.body.toString("utf8"), createLocalJWKSet(jwks), {
    algorithms: ["EdDSA"],
  });
  expect(claims.sub).toBe(learner.email);
  expect(claims.iss).toBe(baseURL);
  expect(JSON.stringify(claims)).not.toContain(EVIL);
  expect(JSON.stringify(claims)).not.toContain(DEMO.admin);
});

test("a file carrying another certificate, or other visible text, is shown for what it is signed to be @no-js", async ({
  page,
}, testInfo) => {
  const issue = async (email: string) => {
    const user = await prisma.user.findUniqueOrThrow({ where: { email } });
    const completion = await prisma.courseCompletion.create({
      data: { userId: user.id, courseId: COURSE, courseVersion: 1, finalScore: 85 },
    });
    return (await issueFirstCertificate({ completionId: completion.id }))!;
  };
  const a = await issue("hocvien26@hocdanvan.test");
  const b = await issue("hocvien25@hocdanvan.test");
  const fileA = testInfo.outputPath("a.pdf");
  fs.writeFileSync(fileA, await certificatePdf(a));

  // A's file on B's page: not "khớp với hồ sơ", but which certificate it is, with a link.
  await page.goto(`/verify/${b.serial}`);
  await page.getByLabel(/Kiểm tra một tệp chứng nhận/).setInputFiles(fileA);
  await page.getByRole("button", { name: "Kiểm tra tệp" }).click();
  const alert = page.getByRole("alert");
  await expect(alert).toContainText(`là một chứng nhận khác: số hiệu ${a.serial}, không phải ${b.serial}`);
  await expect(alert).not.toContainText("khớp với hồ sơ");
  await expect(alert.getByRole("link", { name: `Xem hồ sơ chứng nhận ${a.serial}` })).toHaveAttribute(
    "href",
    `/verify/${a.serial}`,
  );
  await expectAccessible(page);

  // A genuine payload in a PDF whose visible name was changed: the signed name is what counts.
  const signed = readCertificatePayload(a.payload);
  const forged = testInfo.outputPath("forged.pdf");
  fs.writeFileSync(
    forged,
    await renderCertificatePdf({
      payload: { ...signed, learner: { ...signed.learner, name: "Người Mạo Danh" } },
      payloadJson: a.payload,
      signature: a.signature,
      keyId: a.keyId,
    }),
  );
  await page.goto("/verify");
  await page.getByLabel(/Kiểm tra một tệp chứng nhận/).setInputFiles(forged);
  await page.getByRole("button", { name: "Kiểm tra tệp" }).click();
  await expect(page.getByRole("alert")).toContainText("chứng nhận thật");
  const signedData = page.getByRole("region", { name: "Dữ liệu đã ký trong tệp" });
  await expect(signedData).toContainText("Chỉ dữ liệu đã ký dưới đây có giá trị");
  await expect(signedData).toContainText(signed.learner.name);
  await expect(page.getByText("Người Mạo Danh")).toHaveCount(0);
  await expectAccessible(page);
});

test("a PDF zip bomb is answered at once: not a valid certificate @no-js", async ({ page }) => {
  const bomb = await bombPdf({ objectStream: false });
  await page.goto("/verify");
  await page.getByLabel(/Kiểm tra một tệp chứng nhận/).setInputFiles({
    name: "bom.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.from(bomb),
  });
  const started = Date.now();
  await page.getByRole("button", { name: "Kiểm tra tệp" }).click();
  await expect(page.getByRole("alert")).toContainText("không phải chứng nhận hợp lệ");
  expect(Date.now() - started).toBeLessThan(3000);
  // The server is still answering, and promptly.
  const health = Date.now();
  expect((await page.request.get("/healthz")).status()).toBe(200);
  expect(Date.now() - health).toBeLessThan(500);
});
