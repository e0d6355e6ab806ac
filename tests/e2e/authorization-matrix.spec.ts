/**
 * The authorization matrix: every route of the app (one file in app/routes = one row) × GET and
 * POST × seven roles, with the status each must get, in ONE table. Requests go to the built
 * server by URL, with a session cookie and nothing else (no browser, no form page first), exactly
 * as an attacker would send them. A route file without a row fails the first test by name.
 *
 * Statuses are in the order of ROLES:
 *   anon      no session
 *   learner   hocvien31, a seeded learner of Xã Hòa Bình, who owns the attempt and certificate below
 *   other     hocvien03, a seeded learner of Xã Tân Lập (another unit)
 *   trainer   a trainer of the Ban Tuyên giáo và Dân vận
 *   mgrIn     a unit manager of Xã Hòa Bình (the learner is in scope)
 *   mgrOut    a unit manager of Xã Tân Lập (the learner is out of scope)
 *   admin     an administrator
 * POST sends the form `intent=matrix` (no valid action), so it shows who reaches the action's
 * checks; 405 means the route has no action. Run with RECORD_MATRIX=1 to print what the server
 * answers in this table's format (then review every change before pasting it).
 */
import fs from "node:fs";
import path from "node:path";

import { hashPassword } from "~/auth/password.server";
import type { Role } from "~/auth/roles";
import { createSession, SESSION_COOKIE_NAME } from "~/auth/session.server";
import { issueFirstCertificate } from "~/certificates/issue.server";
import { prisma } from "~/db.server";
import { startAttempt, submitAttempt } from "~/quizzes/attempts.server";

import { expect, test } from "./fixtures";

const ROLES = ["anon", "learner", "other", "trainer", "mgrIn", "mgrOut", "admin"] as const;
type Actor = (typeof ROLES)[number];

type Ids = {
  learnerId: string;
  learnerUnitId: string;
  attemptId: string;
  resultAttemptId: string;
  serial: string;
  quizSlug: string;
  assignmentId: string;
  moduleSlug: string;
  importJobId: string;
};

type Row = {
  url: (ids: Ids) => string;
  /** Seven statuses, in ROLES order. */
  GET: string;
  POST: string;
};

const COURSE = "nhap-mon-dan-van";
const LESSON = "dan-van-la-gi-va-vi-sao";

/** Layout routes have no URL of their own: their children's rows exercise their loader. */
const LAYOUTS: Record<string, string> = { admin: "admin._index" };

// prettier-ignore
const MATRIX: Record<string, Row> = {
  //                                                     anon learner other trainer mgrIn mgrOut admin
  "$":                                        { url: () => "/khong-co-trang-nay",
                                                GET:  "404  404  404  404  404  404  404",
                                                POST: "405  405  405  405  405  405  405" },
  "dev.mail":                                 { url: () => "/dev/mail",
                                                GET:  "404  404  404  404  404  404  404",
                                                POST: "405  405  405  405  405  405  405" },
  "forgot-password":                          { url: () => "/forgot-password",
                                                GET:  "200  200  200  200  200  200  200",
                                                POST: "400  400  400  400  400  400  400" },
  "notifications":                            { url: () => "/notifications",
                                                GET:  "302  200  200  200  200  200  200",
                                                POST: "302  302  302  302  302  302  302" },
  "set-password":                             { url: () => "/set-password",
                                                GET:  "410  410  410  410  410  410  410",
                                                POST: "400  400  400  400  400  400  400" },
  "_index":                                   { url: () => "/",
                                                GET:  "200  200  200  200  200  200  200",
                                                POST: "405  405  405  405  405  405  405" },
  "[.well-known].hocdanvan-signing-key[.pem]": { url: () => "/.well-known/hocdanvan-signing-key.pem",
                                                GET:  "200  200  200  200  200  200  200",
                                                POST: "405  405  405  405  405  405  405" },
  "[.well-known].jwks[.json]":                { url: () => "/.well-known/jwks.json",
                                                GET:  "200  200  200  200  200  200  200",
                                                POST: "405  405  405  405  405  405  405" },
  "account":                                  { url: () => "/account",
                                                GET:  "302  200  200  200  200  200  200",
                                                POST: "302  400  400  400  400  400  400" },
  "admin._index":                             { url: () => "/admin",
                                                GET:  "302  403  403  403  200  200  200",
                                                POST: "405  405  405  405  405  405  405" },
  "admin.certificates":                       { url: () => "/admin/certificates",
                                                GET:  "302  403  403  403  403  403  200",
                                                POST: "302  403  403  403  403  403  400" },
  "admin.units.$unitId":                      { url: (i) => `/admin/units/${i.learnerUnitId}`,
                                                GET:  "302  403  403  403  403  403  200",
                                                POST: "302  403  403  403  403  403  400" },
  "admin.units._index":                       { url: () => "/admin/units",
                                                GET:  "302  403  403  403  200  200  200",
                                                POST: "405  405  405  405  405  405  405" },
  "admin.units.new":                          { url: () => "/admin/units/new",
                                                GET:  "302  403  403  403  403  403  200",
                                                POST: "302  403  403  403  403  403  400" },
  "admin.users.$userId":                      { url: (i) => `/admin/users/${i.learnerId}`,
                                                GET:  "302  403  403  403  200  404  200",
                                                POST: "302  403  403  403  400  404  400" },
  "admin.users._index":                       { url: () => "/admin/users",
                                                GET:  "302  403  403  403  200  200  200",
                                                POST: "405  405  405  405  405  405  405" },
  "admin.users.new":                          { url: () => "/admin/users/new",
                                                GET:  "302  403  403  403  200  200  200",
                                                POST: "302  403  403  403  400  400  400" },
  "attempts.$attemptId._index":               { url: (i) => `/attempts/${i.attemptId}`,
                                                GET:  "302  200  404  404  404  404  404",
                                                POST: "302  400  404  404  404  404  404" },
  "attempts.$attemptId.result":               { url: (i) => `/attempts/${i.resultAttemptId}/result`,
                                                GET:  "302  200  404  404  404  404  404",
                                                POST: "405  405  405  405  405  405  405" },
  "attempts.$attemptId.review":               { url: (i) => `/attempts/${i.attemptId}/review`,
                                                GET:  "302  200  404  404  404  404  404",
                                                POST: "405  405  405  405  405  405  405" },
  "certificates.$serial._index":              { url: (i) => `/certificates/${i.serial}`,
                                                GET:  "302  200  404  404  404  404  200",
                                                POST: "405  405  405  405  405  405  405" },
  "certificates.$serial.badge":               { url: (i) => `/certificates/${i.serial}/badge`,
                                                GET:  "302  200  404  404  404  404  200",
                                                POST: "405  405  405  405  405  405  405" },
  "certificates.$serial.pdf":                 { url: (i) => `/certificates/${i.serial}/pdf`,
                                                GET:  "302  200  404  404  404  404  200",
                                                POST: "405  405  405  405  405  405  405" },
  "courses.$course.$lesson":                  { url: () => `/courses/${COURSE}/${LESSON}`,
                                                GET:  "200  200  200  200  200  200  200",
                                                POST: "302  400  400  400  400  400  400" },
  "courses.$course._index":                   { url: () => `/courses/${COURSE}`,
                                                GET:  "200  200  200  200  200  200  200",
                                                POST: "302  302  302  302  302  302  302" },
  "courses.$course.quizzes.$quiz._index":     { url: (i) => `/courses/${COURSE}/quizzes/${i.quizSlug}`,
                                                GET:  "302  200  200  200  200  200  200",
                                                POST: "302  302  302  302  302  302  302" },
  "courses.$course.quizzes.$quiz.stats":      { url: (i) => `/courses/${COURSE}/quizzes/${i.quizSlug}/stats`,
                                                GET:  "302  403  403  200  403  403  200",
                                                POST: "405  405  405  405  405  405  405" },
  "courses._index":                           { url: () => "/courses",
                                                GET:  "200  200  200  200  200  200  200",
                                                POST: "405  405  405  405  405  405  405" },
  "glossary":                                 { url: () => "/glossary",
                                                GET:  "200  200  200  200  200  200  200",
                                                POST: "405  405  405  405  405  405  405" },
  "healthz":                                  { url: () => "/healthz",
                                                GET:  "200  200  200  200  200  200  200",
                                                POST: "405  405  405  405  405  405  405" },
  "login":                                    { url: () => "/login",
                                                GET:  "200  302  302  302  302  302  302",
                                                POST: "400  302  302  302  302  302  302" },
  "logout":                                   { url: () => "/logout",
                                                GET:  "302  302  302  302  302  302  302",
                                                POST: "302  302  302  302  302  302  302" },
  "me._index":                                { url: () => "/me",
                                                GET:  "302  200  200  200  200  200  200",
                                                POST: "405  405  405  405  405  405  405" },
  "me.transcript":                            { url: () => "/me/transcript",
                                                GET:  "302  200  200  200  200  200  200",
                                                POST: "405  405  405  405  405  405  405" },
  "me.transcript[.csv]":                      { url: () => "/me/transcript.csv",
                                                GET:  "302  200  200  200  200  200  200",
                                                POST: "405  405  405  405  405  405  405" },
  "me.transcript[.pdf]":                      { url: () => "/me/transcript.pdf",
                                                GET:  "302  200  200  200  200  200  200",
                                                POST: "405  405  405  405  405  405  405" },
  "me.transcript[.xlsx]":                     { url: () => "/me/transcript.xlsx",
                                                GET:  "302  200  200  200  200  200  200",
                                                POST: "405  405  405  405  405  405  405" },
  "search":                                   { url: () => "/search?q=d%C3%A2n%20v%E1%BA%ADn",
                                                GET:  "200  200  200  200  200  200  200",
                                                POST: "405  405  405  405  405  405  405" },
  "studio._index":                            { url: () => "/studio",
                                                GET:  "302  403  403  200  403  403  200",
                                                POST: "302  403  403  400  403  403  400" },
  "admin.assignments.$assignmentId":          { url: (i) => `/admin/assignments/${i.assignmentId}`,
                                                GET:  "302  403  403  403  200  404  200",
                                                POST: "302  403  403  403  400  404  400" },
  "admin.assignments._index":                 { url: () => "/admin/assignments",
                                                GET:  "302  403  403  403  200  200  200",
                                                POST: "405  405  405  405  405  405  405" },
  "admin.assignments.new":                    { url: () => "/admin/assignments/new",
                                                GET:  "302  403  403  403  200  200  200",
                                                POST: "302  403  403  403  400  400  400" },
  "admin.assignments[.csv]":                  { url: () => "/admin/assignments.csv",
                                                GET:  "302  403  403  403  200  200  200",
                                                POST: "405  405  405  405  405  405  405" },
  "admin.assignments[.xlsx]":                 { url: () => "/admin/assignments.xlsx",
                                                GET:  "302  403  403  403  200  200  200",
                                                POST: "405  405  405  405  405  405  405" },
  "admin.audit":                              { url: () => "/admin/audit",
                                                GET:  "302  403  403  403  403  403  200",
                                                POST: "405  405  405  405  405  405  405" },
  "admin.audit[.csv]":                        { url: () => "/admin/audit.csv",
                                                GET:  "302  403  403  403  403  403  200",
                                                POST: "405  405  405  405  405  405  405" },
  "admin.xapi":                               { url: () => "/admin/xapi",
                                                GET:  "302  403  403  403  403  403  200",
                                                POST: "405  405  405  405  405  405  405" },
  "admin.xapi[.json]":                        { url: () => "/admin/xapi.json",
                                                GET:  "302  403  403  403  403  403  200",
                                                POST: "405  405  405  405  405  405  405" },
  "admin.users.import._index":                { url: () => "/admin/users/import",
                                                GET:  "302  403  403  403  200  200  200",
                                                POST: "302  403  403  403  400  400  400" },
  "admin.users.import.$jobId":                { url: (i) => `/admin/users/import/${i.importJobId}`,
                                                GET:  "302  403  403  403  200  404  200",
                                                POST: "302  403  403  403  400  404  400" },
  "admin.users.import.$jobId_.rejected[.csv]": { url: (i) => `/admin/users/import/${i.importJobId}/rejected.csv`,
                                                GET:  "302  403  403  403  200  404  200",
                                                POST: "405  405  405  405  405  405  405" },
  "admin.users.import.template[.csv]":        { url: () => "/admin/users/import/template.csv",
                                                GET:  "302  403  403  403  200  200  200",
                                                POST: "405  405  405  405  405  405  405" },
  "admin.users.import.template[.xlsx]":       { url: () => "/admin/users/import/template.xlsx",
                                                GET:  "302  403  403  403  200  200  200",
                                                POST: "405  405  405  405  405  405  405" },
  "admin.reports":                            { url: () => "/admin/reports",
                                                GET:  "302  403  403  403  200  200  200",
                                                POST: "405  405  405  405  405  405  405" },
  "admin.reports[.csv]":                      { url: () => "/admin/reports.csv",
                                                GET:  "302  403  403  403  200  200  200",
                                                POST: "405  405  405  405  405  405  405" },
  "admin.reports[.xlsx]":                     { url: () => "/admin/reports.xlsx",
                                                GET:  "302  403  403  403  200  200  200",
                                                POST: "405  405  405  405  405  405  405" },
  "admin.users.$userId.transcript[.csv]":     { url: (i) => `/admin/users/${i.learnerId}/transcript.csv`,
                                                GET:  "302  403  403  403  200  404  200",
                                                POST: "405  405  405  405  405  405  405" },
  "admin.users.$userId.transcript[.pdf]":     { url: (i) => `/admin/users/${i.learnerId}/transcript.pdf`,
                                                GET:  "302  403  403  403  200  404  200",
                                                POST: "405  405  405  405  405  405  405" },
  "admin.users.$userId.transcript[.xlsx]":    { url: (i) => `/admin/users/${i.learnerId}/transcript.xlsx`,
                                                GET:  "302  403  403  403  200  404  200",
                                                POST: "405  405  405  405  405  405  405" },
  "admin.users[.csv]":                        { url: () => "/admin/users.csv",
                                                GET:  "302  403  403  403  200  200  200",
                                                POST: "405  405  405  405  405  405  405" },
  "admin.users[.xlsx]":                       { url: () => "/admin/users.xlsx",
                                                GET:  "302  403  403  403  200  200  200",
                                                POST: "405  405  405  405  405  405  405" },
  "studio.courses.$course.$lesson._index":    { url: () => `/studio/courses/${COURSE}/${LESSON}`,
                                                GET:  "302  403  403  200  403  403  200",
                                                POST: "302  403  403  400  403  403  400" },
  "studio.courses.$course.$lesson.history":   { url: () => `/studio/courses/${COURSE}/${LESSON}/history`,
                                                GET:  "302  403  403  200  403  403  200",
                                                POST: "302  403  403  400  403  403  400" },
  "studio.courses.$course.media":             { url: () => `/studio/courses/${COURSE}/media`,
                                                GET:  "302  403  403  200  403  403  200",
                                                POST: "302  403  403  400  403  403  400" },
  "studio.courses.$course.modules.$module.new": { url: (i) => `/studio/courses/${COURSE}/modules/${i.moduleSlug}/new`,
                                                GET:  "302  403  403  200  403  403  200",
                                                POST: "302  403  403  400  403  403  400" },
  "studio.courses.new":                       { url: () => "/studio/courses/new",
                                                GET:  "302  403  403  200  403  403  200",
                                                POST: "302  403  403  400  403  403  400" },
  "studio.courses.$course.$lesson.reflections": { url: () => `/studio/courses/${COURSE}/${LESSON}/reflections`,
                                                GET:  "302  403  403  200  403  403  200",
                                                POST: "405  405  405  405  405  405  405" },
  "studio.courses.$course.quizzes.$quiz._index": { url: (i) => `/studio/courses/${COURSE}/quizzes/${i.quizSlug}`,
                                                GET:  "302  403  403  200  403  403  200",
                                                POST: "302  403  403  400  403  403  400" },
  "studio.courses.$course.quizzes.$quiz.questions.$question": { url: (i) => `/studio/courses/${COURSE}/quizzes/${i.quizSlug}/questions/nm-m1-013`,
                                                GET:  "302  403  403  200  403  403  200",
                                                POST: "302  403  403  400  403  403  400" },
  "studio.courses.$course.quizzes.$quiz.questions.new": { url: (i) => `/studio/courses/${COURSE}/quizzes/${i.quizSlug}/questions/new?type=single`,
                                                GET:  "302  403  403  200  403  403  200",
                                                POST: "302  403  403  400  403  403  400" },
  "verify.$serial":                           { url: (i) => `/verify/${i.serial}`,
                                                GET:  "200  200  200  200  200  200  200",
                                                POST: "400  400  400  400  400  400  400" },
  "verify._index":                            { url: () => "/verify",
                                                GET:  "200  200  200  200  200  200  200",
                                                POST: "400  400  400  400  400  400  400" },
};

function routeIds() {
  return fs
    .readdirSync(path.resolve("app/routes"))
    .filter((f) => /\.(tsx?|jsx?)$/.test(f) && !/\.test\./.test(f))
    .map((f) => f.replace(/\.(tsx?|jsx?)$/, ""))
    .sort();
}

test("every route in app/routes has a row in the authorization matrix", () => {
  const routes = routeIds();
  const missing = routes.filter((r) => !(r in MATRIX) && !(r in LAYOUTS));
  const stale = Object.keys(MATRIX).filter((r) => !routes.includes(r));
  expect(
    missing,
    `Routes without a row in tests/e2e/authorization-matrix.spec.ts (add one per route: a URL with real ids, then GET and POST statuses for ${ROLES.join(", ")}): ${missing.join(", ")}`,
  ).toEqual([]);
  expect(stale, `Rows for routes that no longer exist: ${stale.join(", ")}`).toEqual([]);
});

async function makeActor(options: { email: string; roles: Role[]; unitName: string }) {
  const unit = await prisma.unit.findFirstOrThrow({ where: { name: options.unitName } });
  return prisma.user.upsert({
    where: { email: options.email },
    update: {},
    create: {
      email: options.email,
      fullName: `Tài khoản kiểm thử ${options.roles.join(", ")}`,
      unitId: unit.id,
      passwordHash: await hashPassword("KiemThu@2026"),
      roles: { create: options.roles.map((role) => ({ role })) },
    },
  });
}

/** The learner's own attempt (in progress), a submitted one, and a certificate, from the demo course. */
async function setUp() {
  const learner = await prisma.user.findUniqueOrThrow({ where: { email: "hocvien31@hocdanvan.test" } });
  const quiz = await prisma.quiz.findFirstOrThrow({
    where: { courseId: COURSE, kind: "module" },
    include: { module: true },
  });
  // The submitted attempt lies days back, past any wait the quiz imposes between attempts.
  const past = new Date(Date.now() - 3 * 24 * 60 * 60 * 1000);
  const submitted = await startAttempt({ quizId: quiz.id, userId: learner.id, now: past });
  await submitAttempt({
    attemptId: submitted.attemptId,
    userId: learner.id,
    now: new Date(past.getTime() + 60_000),
  });
  const inProgress = await startAttempt({ quizId: quiz.id, userId: learner.id });
  const course = await prisma.course.findUniqueOrThrow({ where: { id: COURSE } });
  const completion = await prisma.courseCompletion.create({
    data: { userId: learner.id, courseId: COURSE, courseVersion: course.version, finalScore: 100 },
  });
  const certificate = await issueFirstCertificate({ completionId: completion.id });
  const actors: Record<Exclude<Actor, "anon">, string> = {
    learner: learner.id,
    other: (await prisma.user.findUniqueOrThrow({ where: { email: "hocvien03@hocdanvan.test" } })).id,
    trainer: (
      await makeActor({
        email: "matran-giangvien@hocdanvan.test",
        roles: ["TRAINER", "LEARNER"],
        unitName: "Ban Tuyên giáo và Dân vận Tỉnh ủy",
      })
    ).id,
    mgrIn: (
      await makeActor({
        email: "matran-quanly-trong@hocdanvan.test",
        roles: ["UNIT_MANAGER", "LEARNER"],
        unitName: "Xã Hòa Bình",
      })
    ).id,
    mgrOut: (
      await makeActor({
        email: "matran-quanly-ngoai@hocdanvan.test",
        roles: ["UNIT_MANAGER", "LEARNER"],
        unitName: "Xã Tân Lập",
      })
    ).id,
    admin: (
      await makeActor({
        email: "matran-quantri@hocdanvan.test",
        roles: ["ADMIN"],
        unitName: "Ban Tuyên giáo và Dân vận Tỉnh ủy",
      })
    ).id,
  };
  // An assignment owned by the learner's unit (so its manager may see it), given to that learner by
  // name only: other tests' learners of the same unit never see it on /me.
  const assignment = await prisma.assignment.create({
    data: {
      courseId: COURSE,
      title: "Đợt kiểm thử ma trận quyền",
      startAt: past,
      dueAt: new Date(Date.now() + 30 * 24 * 60 * 60 * 1000),
      ownerUnitId: learner.unitId,
      createdById: actors.mgrIn,
      users: { create: [{ userId: learner.id }] },
    },
  });
  // A dry-run import of the in-scope manager: theirs and administrators' to see, nobody else's.
  const importJob = await prisma.importJob.create({
    data: { createdById: actors.mgrIn, fileName: "ma-tran.csv", rows: "[]", plan: "[]", total: 0 },
  });
  const ids: Ids = {
    importJobId: importJob.id,
    assignmentId: assignment.id,
    moduleSlug: quiz.module!.slug,
    learnerId: learner.id,
    learnerUnitId: learner.unitId,
    attemptId: inProgress.attemptId,
    resultAttemptId: submitted.attemptId,
    serial: certificate!.serial,
    quizSlug: quiz.module!.slug,
  };
  return { ids, actors };
}

test("each role gets exactly the status of its cell, by URL and by posting directly", async ({ request }) => {
  test.setTimeout(240_000);
  const { ids, actors } = await setUp();
  // A fresh session per request: a POST /logout (or any sign-out) cannot change later cells.
  async function cookieFor(actor: Actor) {
    if (actor === "anon") return undefined;
    const { token } = await createSession({ userId: actors[actor], userAgent: "authorization-matrix" });
    return `${SESSION_COOKIE_NAME}=${token}`;
  }
  const observed: Record<string, { GET: number[]; POST: number[] }> = {};
  const mismatches: string[] = [];
  for (const method of ["GET", "POST"] as const) {
    for (const [route, row] of Object.entries(MATRIX)) {
      const url = row.url(ids);
      const expected = row[method].trim().split(/\s+/).map(Number);
      expect(expected, `${route} ${method}: seven statuses`).toHaveLength(ROLES.length);
      for (const [i, actor] of ROLES.entries()) {
        const cookie = await cookieFor(actor);
        const headers: Record<string, string> = cookie ? { cookie } : {};
        const response =
          method === "GET"
            ? await request.get(url, { headers, maxRedirects: 0 })
            : await request.post(url, { headers, form: { intent: "matrix" }, maxRedirects: 0 });
        const status = response.status();
        (observed[route] ??= { GET: [], POST: [] })[method].push(status);
        if (status !== expected[i])
          mismatches.push(`${method} ${url} (${route}) as ${actor}: ${status}, expected ${expected[i]}`);
        expect(status, `${method} ${url} as ${actor} must never fail on the server`).toBeLessThan(500);
      }
    }
  }
  if (process.env.RECORD_MATRIX)
    console.log(
      Object.entries(observed)
        .map(([r, o]) => `${r}\n  GET:  "${o.GET.join("  ")}"\n  POST: "${o.POST.join("  ")}"`)
        .join("\n"),
    );
  expect(mismatches, "cells that differ from the matrix").toEqual([]);
});
