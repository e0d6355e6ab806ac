import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { certificatePdf } from "~/certificates/certificates.server";
import { issueFirstCertificate, reissueCertificate, repairMissingCertificates } from "~/certificates/issue.server";
import { ensureSigningKey, getSigningKey } from "~/certificates/keys.server";
import { readCertificatePayload } from "~/certificates/payload";
import { renderCertificatePdf } from "~/certificates/pdf.server";
import { verifyUploadedPdf } from "~/certificates/verify.server";
import { buildContent } from "~/content/build.server";
import { prisma } from "~/db.server";
import { PUBLIC_ORIGIN } from "~/env.server";
import { listMyCourses } from "~/progress/progress.server";

import { writeContentFixture } from "../../tests/content-fixture";
import { makeUser } from "../../tests/factories";
import { bombPdf } from "../../tests/pdf-bomb";

const COURSE = "khoa-thu";
let root = "";

beforeAll(async () => {
  root = writeContentFixture({});
  const report = await buildContent({ root });
  expect(report.problems).toEqual([]);
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** A completed course and its first certificate, written directly (the completion rules are tested elsewhere). */
async function certificateFor(fullName = "Nguyễn Văn Thử") {
  const user = await makeUser({ fullName });
  const completion = await prisma.courseCompletion.create({
    data: { userId: user.id, courseId: COURSE, courseVersion: 1, finalScore: 90 },
  });
  return (await issueFirstCertificate({ completionId: completion.id }))!;
}

describe("uploads that try to exhaust the server", () => {
  test.each([
    ["the certificate attachment", { objectStream: false }],
    ["an object stream", { objectStream: true }],
  ])("a 1 MB PDF whose %s inflates to 1 GiB is refused fast, in bounded memory", async (_name, options) => {
    const pdf = await bombPdf(options);
    expect(pdf.byteLength).toBeLessThan(1.2 * 1024 * 1024);
    const before = process.memoryUsage();
    const started = performance.now();
    const verdict = await verifyUploadedPdf(pdf);
    const elapsed = performance.now() - started;
    const after = process.memoryUsage();
    expect(verdict.status).toBe(options.objectStream ? "no-payload" : "unreadable");
    expect(elapsed).toBeLessThan(500);
    expect(after.arrayBuffers + after.heapUsed - (before.arrayBuffers + before.heapUsed)).toBeLessThan(
      64 * 1024 * 1024,
    );
  });
});

describe("what an uploaded file really carries", () => {
  test("another certificate's PDF on a certificate's page names the certificate it carries", async () => {
    const a = await certificateFor("Phạm Thị An");
    const b = await certificateFor("Võ Văn Bình");
    const verdict = await verifyUploadedPdf(await certificatePdf(a), { expectedSerial: b.serial });
    expect(verdict).toMatchObject({ status: "other-certificate", serial: a.serial, expectedSerial: b.serial });
    expect(verdict.status !== "other-certificate" || verdict.payload.learner.name).toBe("Phạm Thị An");
    // The same file on its own page, or on the general page, is authentic.
    expect(await verifyUploadedPdf(await certificatePdf(a), { expectedSerial: a.serial })).toMatchObject({
      status: "authentic",
      serial: a.serial,
    });
  });

  test("a genuine payload in a PDF with other visible text: the verdict carries the signed data", async () => {
    const cert = await certificateFor("Đặng Thị Chính");
    const signed = readCertificatePayload(cert.payload);
    const forged = await renderCertificatePdf({
      payload: { ...signed, learner: { ...signed.learner, name: "Kẻ Mạo Danh" } },
      payloadJson: cert.payload,
      signature: cert.signature,
      keyId: cert.keyId,
    });
    const verdict = await verifyUploadedPdf(forged);
    expect(verdict.status).toBe("authentic");
    expect(verdict.status === "authentic" && verdict.payload.learner.name).toBe("Đặng Thị Chính");
  });
});

describe("re-issuing", () => {
  test("ten concurrent re-issues of one certificate create exactly one new certificate", async () => {
    const cert = await certificateFor("Hoàng Văn Đức");
    const admin = await makeUser({ roles: ["ADMIN"] });
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        reissueCertificate({ serial: cert.serial, reason: "Cấp lại", actorId: admin.id }).catch((e: unknown) => e),
      ),
    );
    const certs = await prisma.certificate.findMany({ where: { completionId: cert.completionId } });
    expect(certs).toHaveLength(2);
    expect(certs.filter((c) => !c.revokedAt)).toHaveLength(1);
    expect(results.filter((r) => r && typeof r === "object" && "serial" in r)).toHaveLength(1);
    // A replay of the same re-issue later changes nothing either.
    expect(await reissueCertificate({ serial: cert.serial, reason: "Cấp lại", actorId: admin.id })).toBeNull();
    expect(await prisma.certificate.count({ where: { completionId: cert.completionId } })).toBe(2);
  });
});

describe("the PDF", () => {
  test("a 120-character name stays on the page and reads back whole", async () => {
    const name =
      "Công Tằng Tôn Nữ Nguyễn Hoàng Phương Thảo Nguyên Khánh Linh Trần Lê Phạm Vũ Đặng Bùi Đỗ Hồ Ngô Dương Lý Thị Minh Châu An";
    expect(name).toHaveLength(120);
    const cert = await certificateFor(name);
    const file = path.join(root, `${cert.serial}.pdf`);
    fs.writeFileSync(file, await certificatePdf(cert));
    const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" }).normalize("NFC");
    expect(text.replace(/\s+/g, " ")).toContain(name);
    // Every word's box lies within the page (A4 landscape, 841.89 pt wide), inside the frame.
    const boxes = execFileSync("pdftotext", ["-bbox", file, "-"], { encoding: "utf8" });
    const words = [...boxes.matchAll(/<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"/g)];
    expect(words.length).toBeGreaterThan(20);
    for (const [, xMin, xMax] of words) {
      expect(Number(xMin)).toBeGreaterThanOrEqual(36);
      expect(Number(xMax)).toBeLessThanOrEqual(841.89 - 36);
    }
    // Rendered for the eye (tests/.tmp/certificate-long-name.png).
    execFileSync("pdftoppm", [
      "-png",
      "-r",
      "60",
      "-singlefile",
      file,
      path.join(path.dirname(root), "certificate-long-name"),
    ]);
  });
});

describe("a completion without its certificate", () => {
  test("is repaired when the learner opens their dashboard, and at start-up", async () => {
    // As a crash between the two writes left it: the completion is recorded, no certificate.
    const learner = await makeUser();
    await prisma.courseCompletion.create({
      data: { userId: learner.id, courseId: COURSE, courseVersion: 1, finalScore: 75 },
    });
    await listMyCourses(learner.id);
    const certs = await prisma.certificate.findMany({ where: { userId: learner.id } });
    expect(certs).toHaveLength(1);
    expect(readCertificatePayload(certs[0]!.payload).verifyUrl).toBe(`${PUBLIC_ORIGIN}/verify/${certs[0]!.serial}`);

    const other = await makeUser();
    await prisma.courseCompletion.create({ data: { userId: other.id, courseId: COURSE, courseVersion: 1 } });
    expect(await repairMissingCertificates()).toBeGreaterThanOrEqual(1);
    expect(await prisma.certificate.count({ where: { userId: other.id } })).toBe(1);
    expect(await repairMissingCertificates({ userId: other.id })).toBe(0);
  });

  test("a completion whose certificate was revoked is not given a new one", async () => {
    const cert = await certificateFor();
    await prisma.certificate.update({ where: { id: cert.id }, data: { revokedAt: new Date(), revokedReason: "Sai" } });
    await listMyCourses(cert.userId);
    expect(await prisma.certificate.count({ where: { completionId: cert.completionId } })).toBe(1);
  });
});

describe("the signing key", () => {
  const source = () => ({
    file: path.join(root, `keys-${Math.random().toString(36).slice(2)}`, "cert-signing-key.pem"),
  });

  test("a missing key file with certificates on record stops the start, and says why", async () => {
    const keySource = source();
    await expect(ensureSigningKey({ source: keySource, certificateCount: async () => 3 })).rejects.toThrow(
      /3 chứng nhận[\s\S]*npm run db:restore[\s\S]*CERT_SIGNING_KEY_SETUP=1/,
    );
    expect(fs.existsSync(keySource.file)).toBe(false);
  });

  test("a first-time setup generates the key: no certificates yet, or CERT_SIGNING_KEY_SETUP", async () => {
    const fresh = source();
    const key = await ensureSigningKey({ source: fresh, certificateCount: async () => 0 });
    expect(fs.statSync(fresh.file).mode & 0o777).toBe(0o600);
    // Loaded again, the same key; the process's own key is untouched.
    expect((await ensureSigningKey({ source: fresh, certificateCount: async () => 5 })).keyId).toBe(key.keyId);
    expect(getSigningKey().keyId).not.toBe(key.keyId);
    const requested = source();
    await ensureSigningKey({ source: requested, setupRequested: true, certificateCount: async () => 5 });
    expect(fs.existsSync(requested.file)).toBe(true);
  });
});
