import fs from "node:fs";

import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { z } from "zod";

import { issueFirstCertificate } from "~/certificates/issue.server";
import { buildContent } from "~/content/build.server";
import { prisma } from "~/db.server";
import { PUBLIC_ORIGIN } from "~/env.server";
import { parseJson } from "~/utils/json";
import { uuidV5, xapiResponse, type XapiStatement, xapiStatements } from "~/xapi/statements.server";

import { quizSource, writeContentFixture } from "../../tests/content-fixture";
import { makeUnit, makeUser } from "../../tests/factories";

let root = "";
beforeAll(async () => {
  root = writeContentFixture({
    "courses/khoa-thu/01-chuong-mot/quiz.yml": quizSource("  draw: 5\n  passPercent: 60"),
  });
  expect((await buildContent({ root })).problems).toEqual([]);
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** The requirements of xAPI 1.0.3 (part two, §2.4) that every statement we write must meet. */
function expectValid(s: XapiStatement) {
  expect(s.id).toMatch(UUID);
  expect(s.actor.objectType).toBe("Agent");
  // Exactly one inverse functional identifier: an account with an IRL homePage and a name.
  expect(Object.keys(s.actor).filter((k) => ["mbox", "mbox_sha1sum", "openid", "account"].includes(k))).toEqual([
    "account",
  ]);
  expect(() => new URL(s.actor.account.homePage)).not.toThrow();
  expect(s.actor.account.name).not.toBe("");
  expect(() => new URL(s.verb.id)).not.toThrow();
  expect(Object.keys(s.verb.display).length).toBeGreaterThan(0);
  expect(s.object.objectType).toBe("Activity");
  expect(s.object.id.startsWith(`${PUBLIC_ORIGIN}/`)).toBe(true);
  expect(s.timestamp).toMatch(ISO);
  if (s.result?.score) {
    const { scaled, raw, min, max } = s.result.score;
    expect(scaled).toBeGreaterThanOrEqual(-1);
    expect(scaled).toBeLessThanOrEqual(1);
    if (raw !== undefined && min !== undefined && max !== undefined) {
      expect(raw).toBeGreaterThanOrEqual(min);
      expect(raw).toBeLessThanOrEqual(max);
    }
  }
  for (const parent of s.context.contextActivities?.parent ?? []) expect(() => new URL(parent.id)).not.toThrow();
}

describe("xAPI export", () => {
  test("lesson completed, quiz attempted/passed/failed, course completed, certificate issued: valid, stable ids", async () => {
    const unit = await makeUnit();
    const learner = await makeUser({ unitId: unit.id, fullName: "Đỗ Thị Xapi" });
    const lesson = await prisma.lesson.findFirstOrThrow({ where: { courseId: "khoa-thu" } });
    const quiz = await prisma.quiz.findFirstOrThrow({ where: { courseId: "khoa-thu" } });
    await prisma.lessonProgress.create({ data: { userId: learner.id, lessonId: lesson.id, completedAt: new Date() } });
    const graded = { layout: "[]", maxPoints: 5, status: "submitted", submittedAt: new Date() };
    await prisma.quizAttempt.create({
      data: { userId: learner.id, quizId: quiz.id, ...graded, points: 2, score: 40, passed: false },
    });
    await prisma.quizAttempt.create({
      data: { userId: learner.id, quizId: quiz.id, ...graded, points: 5, score: 100, passed: true },
    });
    const course = await prisma.course.findUniqueOrThrow({ where: { id: "khoa-thu" } });
    const completion = await prisma.courseCompletion.create({
      data: { userId: learner.id, courseId: course.id, courseVersion: course.version, finalScore: 100 },
    });
    await issueFirstCertificate({ completionId: completion.id });

    const collect = async () => {
      const out: XapiStatement[] = [];
      for await (const s of xapiStatements({ unitPath: unit.path })) out.push(s);
      return out;
    };
    const statements = await collect();
    expect(statements.map((s) => s.verb.id.split("/").at(-1))).toEqual([
      "completed",
      "attempted",
      "failed",
      "attempted",
      "passed",
      "completed",
      "earned",
    ]);
    for (const s of statements) {
      expectValid(s);
      expect(s.actor.account).toEqual({ homePage: PUBLIC_ORIGIN, name: learner.id });
    }
    expect(statements.find((s) => s.verb.id.endsWith("/failed"))?.result?.score?.scaled).toBe(0.4);
    expect(new Set(statements.map((s) => s.id)).size).toBe(statements.length);
    // Re-exporting gives the same ids: an LRS keeps one copy.
    expect((await collect()).map((s) => s.id)).toEqual(statements.map((s) => s.id));
    // Filters: a day before everything, and another unit, give nothing.
    const none: XapiStatement[] = [];
    for await (const s of xapiStatements({ unitPath: unit.path, to: "2000-01-01" })) none.push(s);
    expect(none).toEqual([]);
    // The streamed response is one JSON array of the same statements.
    const body = parseJson(
      z.array(z.object({ id: z.string() })),
      await xapiResponse({ unitPath: unit.path }).text(),
      "/admin/xapi.json",
    );
    expect(body.map((s) => s.id)).toEqual(statements.map((s) => s.id));
  });

  test("UUID v5 matches RFC 4122's construction (Python's uuid5 of the DNS example)", () => {
    // uuid.uuid5(uuid.NAMESPACE_DNS, "python.org") == 886313e1-3b8a-5372-9b90-0c9aee199e5d
    expect(uuidV5("python.org", "6ba7b810-9dad-11d1-80b4-00c04fd430c8")).toBe("886313e1-3b8a-5372-9b90-0c9aee199e5d");
  });
});
