import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

import { PDFDocument } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { certificatePdf } from "~/certificates/certificates.server";
import { reissueCertificate, revokeCertificate } from "~/certificates/issue.server";
import { getSigningKey } from "~/certificates/keys.server";
import { canonicalJson, signPayload, verifyPayload } from "~/certificates/signing.server";
import { getVerification, verifyUploadedPdf } from "~/certificates/verify.server";
import { buildContent } from "~/content/build.server";
import { prisma } from "~/db.server";
import {
  completeLesson,
  enroll,
  getCourseState,
  getCourseStates,
  getExamGate,
  markLessonStarted,
  recordCompletionIfDone,
  startQuizAttempt,
} from "~/progress/progress.server";
import { isCourseComplete } from "~/progress/rules";
import { getTranscript, transcriptCsv } from "~/progress/transcript.server";
import { startAttempt, submitAttempt } from "~/quizzes/attempts.server";

import { quizSource, writeContentFixture } from "../../tests/content-fixture";
import { makeUser } from "../../tests/factories";
import { correctAnswerFields } from "../../tests/quiz-forms";

const COURSE = "khoa-thu";
let root = "";

beforeAll(async () => {
  root = writeContentFixture({
    "courses/khoa-thu/01-chuong-mot/quiz.yml": quizSource("  draw: 5\n  passPercent: 60"),
    "courses/khoa-thu/exam.yml": quizSource("  draw: 5\n  passPercent: 60").replace(/id: t-0/g, "id: e-0"),
  });
  const report = await buildContent({ root });
  expect(report.problems).toEqual([]);
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** Passes a quiz by submitting the right answers, read from the attempt's own answer key. */
async function passQuiz(userId: string, quizId: string) {
  const { attemptId } = await startAttempt({ quizId, userId });
  const form = new FormData();
  for (const [name, value] of await correctAnswerFields(attemptId)) form.append(name, value);
  const result = await submitAttempt({ attemptId, userId, formData: form });
  expect(result.passed).toBe(true);
}

async function completeEverything(userId: string, options: { exam?: boolean } = {}) {
  for (const lessonId of ["khoa-thu/bai-mot", "khoa-thu/bai-hai"])
    await completeLesson({ userId, lessonId, courseId: COURSE });
  await passQuiz(userId, "khoa-thu/chuong-mot");
  if (options.exam !== false) await passQuiz(userId, "khoa-thu/exam");
}

describe("completion rule", () => {
  const lessons = [{ completed: true }, { completed: true }];
  const rule = { lessons: "all", moduleQuizzes: "pass", finalExam: "pass" } as const;
  test.each([
    ["everything done", rule, lessons, [{ passed: true }], { passed: true }, true],
    [
      "a lesson missing",
      rule,
      [{ completed: true }, { completed: false }],
      [{ passed: true }],
      { passed: true },
      false,
    ],
    ["a module quiz not passed", rule, lessons, [{ passed: false }], { passed: true }, false],
    ["the exam not passed", rule, lessons, [{ passed: true }], { passed: false }, false],
    ["no exam in the course", rule, lessons, [{ passed: true }], null, true],
    [
      "lessons only",
      { lessons: "all", moduleQuizzes: "none", finalExam: "none" },
      lessons,
      [{ passed: false }],
      { passed: false },
      true,
    ],
    [
      "exam only",
      { lessons: "none", moduleQuizzes: "none", finalExam: "pass" },
      [{ completed: false }],
      [{ passed: false }],
      { passed: true },
      true,
    ],
    [
      "a rule requiring nothing never completes",
      { lessons: "none", moduleQuizzes: "none", finalExam: "none" },
      lessons,
      [],
      null,
      false,
    ],
  ] as const)("%s", (_name, r, l, q, e, expected) => {
    expect(isCourseComplete({ rule: r, lessons: [...l], moduleQuizzes: [...q], exam: e })).toBe(expected);
  });
});

describe("progress", () => {
  test("the states of several courses come in one batch and match the one-course reading", async () => {
    const user = await makeUser();
    await completeLesson({ userId: user.id, lessonId: "khoa-thu/bai-mot", courseId: COURSE });
    const states = await getCourseStates({ userId: user.id, courseIds: [COURSE, "khong-co-khoa-nay"] });
    expect([...states.keys()]).toEqual([COURSE]);
    const one = await getCourseState({ userId: user.id, courseId: COURSE });
    expect(states.get(COURSE)).toEqual(one);
    expect(one?.lessons.map((l) => l.status)).toEqual(["done", "not-started"]);
    expect(one?.enrollment?.source).toBe("self");
  });

  test("opening a lesson (GET) writes nothing, even signed in", async () => {
    const { loader } = await import("~/routes/courses.$course.$lesson");
    const { createSession, validateSessionToken } = await import("~/auth/session.server");
    const user = await makeUser();
    const { token, session } = await createSession({ userId: user.id });
    const auth = { user: (await validateSessionToken(token)).user!, sessionId: session.id };
    const before = await prisma.lessonProgress.count();
    const response = await loader({
      request: new Request("http://localhost/courses/khoa-thu/bai-mot"),
      params: { course: "khoa-thu", lesson: "bai-mot" },
      context: { auth, clientIp: "127.0.0.1", cspNonce: "n" },
    });
    expect(response.lesson.id).toBe("khoa-thu/bai-mot");
    expect(await prisma.lessonProgress.count()).toBe(before);
    expect(await prisma.enrollment.count({ where: { userId: user.id } })).toBe(0);
  });

  test("completing a lesson twice changes nothing", async () => {
    const user = await makeUser();
    await completeLesson({
      userId: user.id,
      lessonId: "khoa-thu/bai-mot",
      courseId: COURSE,
      now: new Date("2026-11-01T01:00:00Z"),
    });
    await completeLesson({
      userId: user.id,
      lessonId: "khoa-thu/bai-mot",
      courseId: COURSE,
      now: new Date("2026-11-02T01:00:00Z"),
    });
    const rows = await prisma.lessonProgress.findMany({ where: { userId: user.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.completedAt?.toISOString()).toBe("2026-11-01T01:00:00.000Z");
    expect(await prisma.enrollment.count({ where: { userId: user.id } })).toBe(1);
  });

  test("the course completes the moment the final exam is passed, with a certificate", async () => {
    const user = await makeUser();
    await completeEverything(user.id, { exam: false });
    expect(await recordCompletionIfDone({ userId: user.id, courseId: COURSE })).toBeNull();
    expect((await getCourseState({ userId: user.id, courseId: COURSE }))!.percent).toBe(75);
    await passQuiz(user.id, "khoa-thu/exam");
    const done = await recordCompletionIfDone({ userId: user.id, courseId: COURSE });
    expect(done?.newlyCompleted).toBe(true);
    expect(done?.completion.finalScore).toBe(100);
    const certs = await prisma.certificate.findMany({ where: { userId: user.id } });
    expect(certs).toHaveLength(1);
    expect(certs[0]!.serial).toMatch(/^DVK-\d{4}-[0-9A-HJKMNP-TV-Z]{6}$/);
  });

  test("two requests completing the course at once issue exactly one certificate", async () => {
    const user = await makeUser();
    await completeEverything(user.id);
    await prisma.certificate.deleteMany({ where: { userId: user.id } });
    await prisma.courseCompletion.deleteMany({ where: { userId: user.id } });
    const results = await Promise.all(
      [1, 2, 3].map(() => recordCompletionIfDone({ userId: user.id, courseId: COURSE })),
    );
    expect(results.filter((r) => r?.newlyCompleted)).toHaveLength(1);
    expect(await prisma.courseCompletion.count({ where: { userId: user.id } })).toBe(1);
    expect(await prisma.certificate.count({ where: { userId: user.id } })).toBe(1);
  });

  test("content changes after completion never undo it", async () => {
    const user = await makeUser();
    await completeEverything(user.id);
    await recordCompletionIfDone({ userId: user.id, courseId: COURSE });
    const copy = writeContentFixture({
      "courses/khoa-thu/01-chuong-mot/quiz.yml": quizSource("  draw: 5\n  passPercent: 60"),
      "courses/khoa-thu/exam.yml": quizSource("  draw: 5\n  passPercent: 60").replace(/id: t-0/g, "id: e-0"),
      "courses/khoa-thu/01-chuong-mot/03-bai-moi.mdx": fs.readFileSync(
        path.join(root, "courses/khoa-thu/01-chuong-mot/02-bai-hai.mdx"),
        "utf8",
      ),
    });
    await buildContent({ root: copy });
    // A new lesson appeared: progress is no longer 100%, but the completion and certificate stand.
    const state = (await getCourseState({ userId: user.id, courseId: COURSE }))!;
    expect(state.percent).toBeLessThan(100);
    expect(state.completion).not.toBeNull();
    expect(await recordCompletionIfDone({ userId: user.id, courseId: COURSE })).toMatchObject({
      newlyCompleted: false,
    });
    await buildContent({ root });
    fs.rmSync(copy, { recursive: true, force: true });
  });

  test("the transcript CSV starts with a byte-order mark and keeps diacritics", async () => {
    const user = await makeUser();
    await completeEverything(user.id);
    await recordCompletionIfDone({ userId: user.id, courseId: COURSE });
    const csv = transcriptCsv(await getTranscript(user.id));
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain("Khóa thử");
    expect(csv).toContain("Đã hoàn thành");
  });

  test("the transcript totals credited hours, filters by completion period, and writes `;` for Excel in Vietnamese", async () => {
    const user = await makeUser();
    await completeEverything(user.id);
    await recordCompletionIfDone({ userId: user.id, courseId: COURSE });
    const completion = await prisma.courseCompletion.findFirstOrThrow({ where: { userId: user.id } });
    await prisma.courseCompletion.update({
      where: { id: completion.id },
      data: { completedAt: new Date("2026-03-15T10:00:00+07:00") },
    });
    const hours = (await prisma.course.findUniqueOrThrow({ where: { id: COURSE } })).hours;
    expect(hours).toBeGreaterThan(0);
    const all = await getTranscript(user.id);
    expect(all.creditedHours).toBe(hours);
    const march = await getTranscript(user.id, { from: "2026-03-15", to: "2026-03-31" });
    expect(march.rows.map((r) => r.completedOn)).toEqual(["15/03/2026"]);
    expect(march.creditedHours).toBe(hours);
    const april = await getTranscript(user.id, { from: "2026-04-01", to: "" });
    expect(april.rows).toEqual([]);
    expect(april.creditedHours).toBe(0);
    // The day before, in Vietnam's calendar: a completion at 10:00 on the 15th is outside.
    expect((await getTranscript(user.id, { from: "", to: "2026-03-14" })).rows).toEqual([]);
    const semicolon = transcriptCsv(all, ";");
    expect(semicolon.split("\r\n")[0]).toBe(
      "\uFEFFKhóa học;Số giờ;Trạng thái;Điểm thi cao nhất;Ngày hoàn thành;Số hiệu chứng nhận",
    );
    expect(semicolon).toContain(`Tổng số giờ được công nhận;${hours};`);
    expect(transcriptCsv(all)).toContain(`Tổng số giờ được công nhận,${hours},`);
  });
});

describe("certificates", () => {
  async function certificateFor(fullName: string) {
    const user = await makeUser({ fullName });
    await completeEverything(user.id);
    await recordCompletionIfDone({ userId: user.id, courseId: COURSE });
    return prisma.certificate.findFirstOrThrow({ where: { userId: user.id } });
  }

  test("signatures verify for the right payload and key only", () => {
    const key = getSigningKey();
    const payload = canonicalJson({ b: 1, a: { d: "Đỗ", c: [2, 1] } });
    expect(payload).toBe('{"a":{"c":[2,1],"d":"Đỗ"},"b":1}');
    const signature = signPayload(payload, key.privateKey);
    expect(verifyPayload({ payload, signature, publicKey: key.publicKey })).toBe(true);
    expect(verifyPayload({ payload: payload.replace("Đỗ", "Đồ"), signature, publicKey: key.publicKey })).toBe(false);
    const other = crypto.generateKeyPairSync("ed25519");
    expect(verifyPayload({ payload, signature, publicKey: other.publicKey })).toBe(false);
    expect(
      verifyPayload({ payload, signature: signPayload(payload, other.privateKey), publicKey: key.publicKey }),
    ).toBe(false);
  });

  test("the PDF's text has the learner's name with diacritics, and the PDF verifies", async () => {
    const cert = await certificateFor("Nguyễn Thị Thu Hằng");
    const pdf = await certificatePdf(cert);
    const file = path.join(root, `${cert.serial}.pdf`);
    fs.writeFileSync(file, pdf);
    const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" }).normalize("NFC");
    expect(text).toContain("Nguyễn Thị Thu Hằng");
    expect(text).toContain(cert.serial);
    expect(text).toContain("CHỨNG NHẬN");
    expect(await verifyUploadedPdf(pdf)).toMatchObject({ status: "authentic", serial: cert.serial });
    // It renders (poppler), as one A4 landscape page; the image stays in tests/.tmp for the eye.
    const png = path.join(path.dirname(root), "certificate-sample");
    execFileSync("pdftoppm", ["-png", "-r", "50", "-singlefile", file, png]);
    const header = fs.readFileSync(`${png}.png`).subarray(16, 24);
    const [width, height] = [header.readUInt32BE(0), header.readUInt32BE(4)];
    expect(width / height).toBeCloseTo(297 / 210, 2);
  });

  test("an edited payload, a PDF without payload, a non-PDF and a large file are each caught", async () => {
    const cert = await certificateFor("Trần Văn Bảo");
    const forged = cert.payload.replace("Trần Văn Bảo", "Trần Văn Báo");
    const tampered = await certificatePdf({ ...cert, payload: forged });
    expect((await verifyUploadedPdf(tampered)).status).toBe("bad-signature");
    const plain = await PDFDocument.create();
    plain.addPage();
    expect((await verifyUploadedPdf(await plain.save())).status).toBe("no-payload");
    expect((await verifyUploadedPdf(new TextEncoder().encode("không phải PDF"))).status).toBe("not-pdf");
    expect((await verifyUploadedPdf(new Uint8Array(6 * 1024 * 1024))).status).toBe("too-large");
  });

  test("a revoked certificate says so, and a re-issue gets a new serial", async () => {
    const cert = await certificateFor("Lê Thị Hoa");
    const admin = await makeUser({ roles: ["ADMIN"] });
    expect(await revokeCertificate({ serial: cert.serial, reason: "Cấp nhầm người", actorId: admin.id })).toBe(true);
    expect(await revokeCertificate({ serial: cert.serial, reason: "Lần hai", actorId: admin.id })).toBe(false);
    const verification = await getVerification(cert.serial);
    expect(verification?.revoked?.reason).toBe("Cấp nhầm người");
    expect((await verifyUploadedPdf(await certificatePdf(cert))).status).toBe("revoked");
    const fresh = await reissueCertificate({
      serial: cert.serial,
      reason: "Cấp lại",
      actorId: admin.id,
    });
    expect(fresh?.serial).not.toBe(cert.serial);
    expect(fresh?.sequence).toBe(2);
    expect((await getVerification(fresh!.serial))?.signatureValid).toBe(true);
    // Both actions are in the audit log, written with the change (README "Audit log").
    const audit = await prisma.auditEvent.findMany({ where: { targetId: cert.serial }, orderBy: { id: "asc" } });
    expect(audit.map((e) => [e.action, e.actorId])).toEqual([
      ["certificate.revoke", admin.id],
      ["certificate.reissue", admin.id],
    ]);
    expect(JSON.parse(audit[1]!.after!)).toMatchObject({ serial: fresh!.serial });
  });
});

describe("when a course counts as started (Enrollment.startedAt, read by the reports)", () => {
  test("the first lesson started (a reflection saved) starts an enrolled course; later ones change nothing", async () => {
    const { id: userId } = await makeUser();
    await enroll({ userId, courseId: COURSE });
    const enrolled = await prisma.enrollment.findFirstOrThrow({ where: { userId, courseId: COURSE } });
    expect(enrolled.startedAt).toBeNull();
    await markLessonStarted({ userId, lessonId: "khoa-thu/bai-mot", courseId: COURSE });
    const first = (await prisma.enrollment.findFirstOrThrow({ where: { userId, courseId: COURSE } })).startedAt;
    expect(first).toBeInstanceOf(Date);
    await markLessonStarted({ userId, lessonId: "khoa-thu/bai-hai", courseId: COURSE });
    const later = (await prisma.enrollment.findFirstOrThrow({ where: { userId, courseId: COURSE } })).startedAt;
    expect(later).toEqual(first);
  });

  test("lessons started before an (assigned) enrolment start it from the earliest one", async () => {
    const { id: userId } = await makeUser();
    await markLessonStarted({ userId, lessonId: "khoa-thu/bai-mot", courseId: COURSE });
    const read = await prisma.lessonProgress.findFirstOrThrow({ where: { userId } });
    await enroll({ userId, courseId: COURSE, source: "assigned", dueAt: new Date("2099-01-01") });
    const e = await prisma.enrollment.findFirstOrThrow({ where: { userId, courseId: COURSE } });
    expect(e).toMatchObject({ source: "assigned", startedAt: read.startedAt });
  });
});

describe("final exam gate", () => {
  test("the exam cannot be started until the lessons and module quizzes are done, then it can", async () => {
    const user = await makeUser();
    const exam = { quizId: "khoa-thu/exam", kind: "exam", courseId: COURSE, userId: user.id };
    await expect(startQuizAttempt(exam)).rejects.toMatchObject({ status: 403 });
    const missing = await getExamGate({ userId: user.id, courseId: COURSE });
    expect(missing.map((m) => m.href)).toEqual([
      "/courses/khoa-thu/bai-mot",
      "/courses/khoa-thu/bai-hai",
      "/courses/khoa-thu/quizzes/chuong-mot",
    ]);
    await completeEverything(user.id, { exam: false });
    expect(await getExamGate({ userId: user.id, courseId: COURSE })).toEqual([]);
    await expect(startQuizAttempt(exam)).resolves.toMatchObject({ resumed: false });
    expect(await prisma.quizAttempt.count({ where: { userId: user.id, quizId: "khoa-thu/exam" } })).toBe(1);
  });

  test("only the attempt that completed the course is recorded on the completion", async () => {
    const user = await makeUser();
    await completeEverything(user.id, { exam: false });
    await passQuiz(user.id, "khoa-thu/exam");
    const [examAttempt] = await prisma.quizAttempt.findMany({ where: { userId: user.id, quizId: "khoa-thu/exam" } });
    const done = await recordCompletionIfDone({ userId: user.id, courseId: COURSE, attemptId: examAttempt!.id });
    expect(done?.completion.attemptId).toBe(examAttempt!.id);
    // A later look at the module quiz's (older) result changes nothing.
    const [moduleAttempt] = await prisma.quizAttempt.findMany({
      where: { userId: user.id, quizId: "khoa-thu/chuong-mot" },
    });
    const again = await recordCompletionIfDone({ userId: user.id, courseId: COURSE, attemptId: moduleAttempt!.id });
    expect(again?.completion.attemptId).toBe(examAttempt!.id);
  });
});
