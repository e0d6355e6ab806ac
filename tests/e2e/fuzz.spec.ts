/**
 * Fuzz suite over every form and upload: each route with an action in app/routes (one row each,
 * a route without a row fails by name) gets hostile bodies — oversized, many keys, malformed
 * percent-encoding, invalid UTF-8, NUL and control characters, wrong content types, broken
 * multipart — anonymously, as a learner and as an administrator. Nothing may answer 5xx, every
 * page answered is the Vietnamese one, and nothing stored for these users changes.
 */
import fs from "node:fs";
import path from "node:path";

import { hashPassword } from "~/auth/password.server";
import { createSession, SESSION_COOKIE_NAME } from "~/auth/session.server";
import { issueFirstCertificate } from "~/certificates/issue.server";
import { prisma } from "~/db.server";
import { startAttempt } from "~/quizzes/attempts.server";

import { expect, test } from "./fixtures";

const COURSE = "nhap-mon-dan-van";

type Ids = {
  learnerId: string;
  unitId: string;
  attemptId: string;
  serial: string;
  quizSlug: string;
  assignmentId: string;
};

/** Every route with an action, and the URL it is fuzzed at. */
const FORM_ROUTES: Record<string, (ids: Ids) => string> = {
  account: () => "/account",
  "admin.certificates": () => "/admin/certificates",
  "admin.units.$unitId": (i) => `/admin/units/${i.unitId}`,
  "admin.units.new": () => "/admin/units/new",
  "admin.users.$userId": (i) => `/admin/users/${i.learnerId}`,
  "admin.users.new": () => "/admin/users/new",
  "admin.users.import._index": () => "/admin/users/import",
  // Nobody's job: the fuzzed bodies meet the access check.
  "admin.users.import.$jobId": () => "/admin/users/import/fuzz-none",
  "attempts.$attemptId._index": (i) => `/attempts/${i.attemptId}`,
  "courses.$course.$lesson": () => `/courses/${COURSE}/dan-van-la-gi-va-vi-sao`,
  "courses.$course._index": () => `/courses/${COURSE}`,
  "courses.$course.quizzes.$quiz._index": (i) => `/courses/${COURSE}/quizzes/${i.quizSlug}`,
  login: () => "/login",
  "forgot-password": () => "/forgot-password",
  notifications: () => "/notifications",
  "set-password": () => "/set-password",
  logout: () => "/logout",
  "admin.assignments.$assignmentId": (i) => `/admin/assignments/${i.assignmentId}`,
  "admin.assignments.new": () => "/admin/assignments/new",
  "studio._index": () => "/studio",
  "studio.courses.$course.$lesson._index": () => `/studio/courses/${COURSE}/dan-van-la-gi-va-vi-sao`,
  "studio.courses.$course.$lesson.history": () => `/studio/courses/${COURSE}/dan-van-la-gi-va-vi-sao/history`,
  "studio.courses.$course.media": () => `/studio/courses/${COURSE}/media`,
  "studio.courses.$course.modules.$module.new": (i) => `/studio/courses/${COURSE}/modules/${i.quizSlug}/new`,
  "studio.courses.new": () => "/studio/courses/new",
  "studio.courses.$course.quizzes.$quiz._index": (i) => `/studio/courses/${COURSE}/quizzes/${i.quizSlug}`,
  "studio.courses.$course.quizzes.$quiz.questions.$question": (i) =>
    `/studio/courses/${COURSE}/quizzes/${i.quizSlug}/questions/nm-m1-013`,
  "studio.courses.$course.quizzes.$quiz.questions.new": (i) =>
    `/studio/courses/${COURSE}/quizzes/${i.quizSlug}/questions/new?type=single`,
  "verify.$serial": (i) => `/verify/${i.serial}`,
  "verify._index": () => "/verify",
};

function routesWithActions() {
  const dir = path.resolve("app/routes");
  return fs
    .readdirSync(dir)
    .filter(
      (f) => /\.tsx?$/.test(f) && /export (async )?function action/.test(fs.readFileSync(path.join(dir, f), "utf8")),
    )
    .map((f) => f.replace(/\.tsx?$/, ""))
    .sort();
}

test("every route with an action has a row in the fuzz suite", () => {
  const missing = routesWithActions().filter((r) => !(r in FORM_ROUTES));
  expect(missing, `Form routes without a row in tests/e2e/fuzz.spec.ts FORM_ROUTES: ${missing.join(", ")}`).toEqual([]);
});

const FORM = "application/x-www-form-urlencoded";
const BOUNDARY = "----fuzzboundary";

/** Hostile bodies. None carries a password, so none can count as a failed sign-in. */
const PAYLOADS: { name: string; contentType: string; body: Buffer }[] = [
  {
    name: "5,000 distinct keys",
    contentType: FORM,
    body: Buffer.from(Array.from({ length: 5000 }, (_, i) => `k${i}=1`).join("&")),
  },
  { name: "a 200 KB field", contentType: FORM, body: Buffer.from(`intent=save&fullName=${"A".repeat(200 * 1024)}`) },
  {
    name: "malformed percent-encoding",
    contentType: FORM,
    body: Buffer.from("intent=%E0%A4%A&email=%ZZ&fullName=%&name=%C0%AF&answer=%FF&reflectionId=%&serial=%G1"),
  },
  {
    name: "NUL and control characters in every field",
    contentType: FORM,
    body: Buffer.from(
      "intent=save&fullName=A%00B%07&name=X%00&position=%1B%5B31m&email=a%00%40b.c&answer=%00%08&reflectionId=%00&serial=%00&reason=%00&roles=%00&unitId=%00&kind=%00&parentId=%00&q%3A%00=1&redirectTo=%2F%00",
    ),
  },
  {
    name: "invalid UTF-8 bytes",
    contentType: FORM,
    body: Buffer.concat([
      Buffer.from("intent=save&fullName="),
      Buffer.from([0xff, 0xfe, 0xc0, 0x80]),
      Buffer.from("&email="),
    ]),
  },
  { name: "text/plain", contentType: "text/plain", body: Buffer.from("intent=save\nemail=a@b.c") },
  {
    name: "JSON",
    contentType: "application/json",
    body: Buffer.from(JSON.stringify({ intent: "save", email: "a@b.c" })),
  },
  { name: "XML", contentType: "application/xml", body: Buffer.from("<a>&xxe;</a>") },
  { name: "multipart without a boundary", contentType: "multipart/form-data", body: Buffer.from("--x\r\n\r\n") },
  {
    name: "broken multipart",
    contentType: `multipart/form-data; boundary=${BOUNDARY}`,
    body: Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="intent"\r\n\r\nsave\r\n--${BOUNDARY}`),
  },
  {
    name: "multipart file with NUL in its name and a fake PDF",
    contentType: `multipart/form-data; boundary=${BOUNDARY}`,
    body: Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a\u0000b\u0007.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\n%\u0000garbage\r\n--${BOUNDARY}--\r\n`,
    ),
  },
  {
    name: "2,000 multipart parts",
    contentType: `multipart/form-data; boundary=${BOUNDARY}`,
    body: Buffer.from(
      Array.from(
        { length: 2000 },
        (_, i) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="k${i}"\r\n\r\n1\r\n`,
      ).join("") + `--${BOUNDARY}--\r\n`,
    ),
  },
];

async function makeUser(options: { email: string; roles: ("ADMIN" | "LEARNER")[]; unitName: string }) {
  const unit = await prisma.unit.findFirstOrThrow({ where: { name: options.unitName } });
  return prisma.user.upsert({
    where: { email: options.email },
    update: {},
    create: {
      email: options.email,
      fullName: "Người thử dữ liệu lạ",
      unitId: unit.id,
      passwordHash: await hashPassword("KiemThu@2026"),
      roles: { create: options.roles.map((role) => ({ role })) },
    },
  });
}

/** Everything stored about these users (sessions and sign-in attempts aside). */
async function fingerprint(userIds: string[]) {
  const where = { userId: { in: userIds } };
  const attempts = await prisma.quizAttempt.findMany({ where, orderBy: { id: "asc" } });
  return JSON.stringify({
    users: await prisma.user.findMany({
      where: { id: { in: userIds } },
      include: { roles: true },
      orderBy: { id: "asc" },
    }),
    enrollments: await prisma.enrollment.findMany({ where, orderBy: { courseId: "asc" } }),
    progress: await prisma.lessonProgress.findMany({ where, orderBy: { lessonId: "asc" } }),
    reflections: await prisma.reflectionNote.findMany({ where, orderBy: { id: "asc" } }),
    attempts,
    answers: await prisma.attemptAnswer.findMany({
      where: { attemptId: { in: attempts.map((a) => a.id) } },
      orderBy: [{ attemptId: "asc" }, { questionId: "asc" }],
    }),
    certificates: await prisma.certificate.findMany({ where: { completion: where }, orderBy: { serial: "asc" } }),
  });
}

test("hostile bodies on every form: no 5xx, Vietnamese pages, nothing stored changes", async ({ request }) => {
  test.setTimeout(300_000);
  const learner = await makeUser({ email: "fuzz-hocvien@hocdanvan.test", roles: ["LEARNER"], unitName: "Xã Sơn Thủy" });
  const admin = await makeUser({
    email: "fuzz-quantri@hocdanvan.test",
    roles: ["ADMIN"],
    unitName: "Ban Tuyên giáo và Dân vận Tỉnh ủy",
  });
  const quiz = await prisma.quiz.findFirstOrThrow({
    where: { courseId: COURSE, kind: "module" },
    include: { module: true },
  });
  const { attemptId } = await startAttempt({ quizId: quiz.id, userId: learner.id });
  const course = await prisma.course.findUniqueOrThrow({ where: { id: COURSE } });
  const completion = await prisma.courseCompletion.upsert({
    where: { userId_courseId_courseVersion: { userId: learner.id, courseId: COURSE, courseVersion: course.version } },
    update: {},
    create: { userId: learner.id, courseId: COURSE, courseVersion: course.version, finalScore: 100 },
  });
  const certificate = await issueFirstCertificate({ completionId: completion.id });
  const assignment = await prisma.assignment.create({
    data: {
      courseId: COURSE,
      title: "Đợt kiểm thử dữ liệu lạ",
      startAt: new Date(),
      dueAt: new Date(Date.now() + 30 * 24 * 60 * 60 * 1000),
      createdById: admin.id,
      users: { create: [{ userId: learner.id }] },
    },
  });
  const ids: Ids = {
    learnerId: learner.id,
    unitId: learner.unitId,
    attemptId,
    serial: certificate!.serial,
    quizSlug: quiz.module!.slug,
    assignmentId: assignment.id,
  };

  const actors = { anonymous: null, learner: learner.id, admin: admin.id };
  async function headersFor(userId: string | null, contentType: string) {
    const headers: Record<string, string> = { "content-type": contentType };
    if (userId) headers.cookie = `${SESSION_COOKIE_NAME}=${(await createSession({ userId, userAgent: "fuzz" })).token}`;
    return headers;
  }
  // Actions that ignore their body (enrol, start or resume an attempt) do their one write now.
  for (const userId of Object.values(actors))
    for (const url of [
      FORM_ROUTES["courses.$course._index"]!(ids),
      FORM_ROUTES["courses.$course.quizzes.$quiz._index"]!(ids),
    ])
      await request.post(url, { headers: await headersFor(userId, FORM), data: "intent=start", maxRedirects: 0 });
  const before = await fingerprint([learner.id, admin.id]);

  const problems: string[] = [];
  for (const [route, urlOf] of Object.entries(FORM_ROUTES)) {
    const url = urlOf(ids);
    for (const payload of PAYLOADS) {
      for (const [actor, userId] of Object.entries(actors)) {
        const response = await request.post(url, {
          headers: await headersFor(userId, payload.contentType),
          data: payload.body,
          maxRedirects: 0,
        });
        const status = response.status();
        const where = `${route} (${url}) ← ${payload.name} as ${actor}: ${status}`;
        if (status >= 500) problems.push(`${where}: server error`);
        const type = response.headers()["content-type"] ?? "";
        if (status >= 400 && type.includes("text/html")) {
          const html = await response.text();
          if (!html.includes('lang="vi"') || !/Lỗi|không|Vui lòng/.test(html))
            problems.push(`${where}: not a Vietnamese page`);
          if (/at .+\.(js|ts):\d+|Error:|Unexpected Server Error/.test(html)) problems.push(`${where}: leaks an error`);
        } else if (status >= 400 && !type.includes("application/json")) {
          problems.push(`${where}: unexpected content type ${type}`);
        }
      }
    }
  }
  expect(problems).toEqual([]);
  expect(await fingerprint([learner.id, admin.id])).toBe(before);
  // And no control character reached any stored name anywhere.
  const names = [
    ...(await prisma.user.findMany({ select: { fullName: true, position: true, email: true } })).flatMap((u) => [
      u.fullName,
      u.position,
      u.email,
    ]),
    ...(await prisma.unit.findMany({ select: { name: true } })).map((u) => u.name),
  ];
  // eslint-disable-next-line no-control-regex
  expect(names.filter((n) => /[\u0000-\u001f\u007f]/.test(n))).toEqual([]);
});
