import { beforeAll, describe, expect, test } from "vitest";

import {
  createAssignment,
  listMyAssignments,
  setAssignmentClosed,
  syncAssignments,
  updateAssignment,
} from "~/assignments/assignments.server";
import { createSession, validateSessionToken } from "~/auth/session.server";
import { prisma } from "~/db.server";
import { setUserActive } from "~/org/users.server";
import { enroll } from "~/progress/progress.server";
import { ENROLLMENT_FACTS_SET } from "~/quizzes/enrollment-facts.server";
import {
  completionReport,
  type Counts,
  peoplePage,
  rates,
  type ReportFilters,
  sortPeople,
} from "~/reports/reports.server";
import { DomainError } from "~/utils/errors";

import { makeUnit, makeUser } from "../../tests/factories";

/**
 * A fixture with known answers. Tree: Tỉnh T ─ Xã A ─ Chi bộ A1, and Xã B. Course K1 (with a final
 * exam) and K2. Assignment 1: K1 to T with its subtree, due yesterday. Assignment 2: K1 to b1 and a
 * trainer by name, due next month (b1 is in both: counted once). "moved" started in A and was moved
 * to B; "deact" is assigned but deactivated; a trainer in A enrolled on their own does not count; Lâm in B, assigned K1 through T, completed K2
 * on their own.
 */
const NOW = new Date("2027-03-15T03:00:00Z");
const YESTERDAY = "2027-03-14";
const NEXT_MONTH = "2027-04-15";
let ids: Record<string, string> = {};
let asg1 = "";
let asg2 = "";

async function authUserOf(userId: string) {
  const { token } = await createSession({ userId });
  return (await validateSessionToken(token)).user!;
}

function course(id: string) {
  return prisma.course.create({
    data: {
      id,
      title: `Khóa ${id}`,
      description: "",
      objectives: "[]",
      estimatedMinutes: 60,
      tags: "[]",
      status: "published",
      audience: "",
      hours: 2,
      version: 1,
      completionRule: "{}",
      introHtml: "",
      sourceHash: "",
    },
  });
}

async function examAttempt(userId: string, score: number) {
  await prisma.quizAttempt.create({
    data: {
      userId,
      quizId: "k1/exam",
      layout: "[]",
      status: "submitted",
      maxPoints: 10,
      score,
      passed: score >= 70,
      submittedAt: NOW,
    },
  });
}

const filters = (f: Partial<ReportFilters> = {}): ReportFilters => ({ subtree: true, now: NOW, ...f });
const pick = (c: Counts | undefined) =>
  c && {
    counted: c.counted,
    notStarted: c.notStarted,
    inProgress: c.inProgress,
    completed: c.completed,
    overdue: c.overdue,
  };

beforeAll(async () => {
  const t = await makeUnit({ kind: "TINH", name: "Tỉnh Thử Báo Cáo" });
  const a = await makeUnit({ parentId: t.id, name: "Xã A" });
  const a1 = await makeUnit({ kind: "CHI_BO", parentId: a.id, name: "Chi bộ A1" });
  const b = await makeUnit({ parentId: t.id, name: "Xã B" });
  const other = await makeUnit({ kind: "TINH", name: "Tỉnh Khác" });
  await course("k1");
  await course("k2");
  await prisma.module.create({
    data: {
      id: "k1/m",
      courseId: "k1",
      slug: "m",
      title: "M",
      description: "",
      status: "published",
      position: 1,
      introHtml: "",
      sourceHash: "",
    },
  });
  await prisma.quiz.create({
    data: { id: "k1/exam", courseId: "k1", kind: "exam", title: "Bài thi", settings: "{}", sourceHash: "" },
  });
  const admin = await makeUser({ roles: ["ADMIN"], unitId: t.id });
  const user = (unitId: string, fullName: string, roles: ("LEARNER" | "TRAINER")[] = ["LEARNER"]) =>
    makeUser({ unitId, fullName, roles });
  const [a1u, a2u, a3u, b1u, movedU, deactU, trainerA, trainerB, selfB, outside] = await Promise.all([
    user(a.id, "Trần Văn An"),
    user(a.id, "Nguyễn Thị Bình"),
    user(a1.id, "Lê Văn Cường"),
    user(b.id, "Phạm Thị Dung"),
    user(a.id, "Hoàng Văn Em"),
    user(a.id, "Vũ Thị Giang"),
    user(a.id, "Đỗ Văn Hải", ["TRAINER"]),
    user(b.id, "Bùi Thị Khánh", ["TRAINER"]),
    user(b.id, "Ngô Văn Lâm"),
    user(other.id, "Đặng Thị Mai"),
  ]);
  ids = {
    t: t.id,
    a: a.id,
    a1: a1.id,
    b: b.id,
    other: other.id,
    admin: admin.id,
    a1u: a1u.id,
    a2u: a2u.id,
    a3u: a3u.id,
    b1u: b1u.id,
    moved: movedU.id,
    deact: deactU.id,
    trainerA: trainerA.id,
    trainerB: trainerB.id,
    selfB: selfB.id,
    outside: outside.id,
  };
  const actor = await authUserOf(admin.id);
  asg1 = (
    await createAssignment(actor, {
      courseId: "k1",
      title: "Đợt 1",
      note: "Kế hoạch số 1",
      startAt: "2027-01-01",
      dueAt: YESTERDAY,
      unitIds: [t.id],
      subtreeUnitIds: [t.id],
      userEmails: [],
    })
  ).id;
  asg2 = (
    await createAssignment(actor, {
      courseId: "k1",
      title: "Đợt 2",
      note: "",
      startAt: "2027-01-01",
      dueAt: NEXT_MONTH,
      unitIds: [],
      subtreeUnitIds: [],
      userEmails: [b1u.email, trainerB.email],
    })
  ).id;
  // Progress: a1 completed with a passed exam; a2 and "moved" started; a2 failed the exam.
  await prisma.courseCompletion.create({
    data: { userId: a1u.id, courseId: "k1", courseVersion: 1, completedAt: NOW, finalScore: 80 },
  });
  await examAttempt(a1u.id, 80);
  await examAttempt(a2u.id, 40);
  await prisma.enrollment.updateMany({
    where: { userId: { in: [a2u.id, movedU.id] }, courseId: "k1" },
    data: { startedAt: NOW },
  });
  // Own enrolments: a trainer in K1 (not counted), a learner in K2 who completed it.
  await enroll({ userId: trainerA.id, courseId: "k1" });
  await enroll({ userId: selfB.id, courseId: "k2" });
  await prisma.courseCompletion.create({ data: { userId: selfB.id, courseId: "k2", courseVersion: 1 } });
  // Someone outside the tree, enrolled: never in T's figures.
  await enroll({ userId: outside.id, courseId: "k1" });
  // The move and the deactivation happen after the assignment: membership is evaluated.
  await prisma.user.update({ where: { id: movedU.id }, data: { unitId: b.id } });
  await setUserActive(actor, deactU.id, false);
  // The fixture writes completions and attempts directly, not through the app's events: bring the
  // enrolments' report facts up to date the way the migration's backfill does.
  await prisma.$executeRawUnsafe(`UPDATE "Enrollment" SET ${ENROLLMENT_FACTS_SET}`);
});

describe("counting rules on the fixture", () => {
  test("every level of the tree, per course, has the exact expected figures", async () => {
    const actor = await authUserOf(ids.admin!);
    const province = await completionReport({ actor, filters: filters({ unitId: ids.t }) });
    expect(pick(province.base.byKey.k1)).toEqual({
      counted: 7,
      notStarted: 4,
      inProgress: 2,
      completed: 1,
      overdue: 5,
    });
    expect(pick(province.base.byKey.k2)).toEqual({
      counted: 1,
      notStarted: 0,
      inProgress: 0,
      completed: 1,
      overdue: 0,
    });
    const rowOf = (unitId: string) => province.children.find((r) => r.unit?.id === unitId)!;
    // Xã A with Chi bộ A1 below it: a1 (completed), a2 (started, overdue), a3 in the sub-unit.
    expect(pick(rowOf(ids.a!).byKey.k1)).toEqual({
      counted: 3,
      notStarted: 1,
      inProgress: 1,
      completed: 1,
      overdue: 2,
    });
    // Xã B: b1 (in two assignments, counted once), "moved" (brought their progress), the named trainer
    // (not overdue: only Đợt 2, due next month, reaches them) and Lâm (also assigned through Đợt 1).
    expect(pick(rowOf(ids.b!).byKey.k1)).toEqual({
      counted: 4,
      notStarted: 3,
      inProgress: 1,
      completed: 0,
      overdue: 3,
    });
    expect(province.children.map((r) => r.unit?.name)).toEqual(["Xã A", "Xã B"]);

    const xaA = await completionReport({ actor, filters: filters({ unitId: ids.a }) });
    expect(pick(xaA.base.byKey.k1)?.counted).toBe(3);
    expect(pick(xaA.children[0]!.byKey.k1)).toEqual({
      counted: 1,
      notStarted: 1,
      inProgress: 0,
      completed: 0,
      overdue: 1,
    });
    const ownOnly = await completionReport({ actor, filters: filters({ unitId: ids.a, subtree: false }) });
    expect(pick(ownOnly.base.byKey.k1)).toEqual({ counted: 2, notStarted: 0, inProgress: 1, completed: 1, overdue: 1 });
    expect(ownOnly.children).toEqual([]);
  });

  test("final-exam figures: pass rate of those who sat it, average best score", async () => {
    const actor = await authUserOf(ids.admin!);
    const report = await completionReport({ actor, filters: filters({ unitId: ids.t, courseId: "k1" }) });
    const k1 = report.base.byKey.k1!;
    expect(rates(k1)).toEqual({ completionRate: (1 / 7) * 100, passRate: 50, averageScore: 60 });
    expect(Object.keys(report.base.byKey)).toEqual(["k1"]);
  });

  test("by assignment: each assignment's own audience and due date", async () => {
    const actor = await authUserOf(ids.admin!);
    const one = await completionReport({ actor, filters: filters({ unitId: ids.t, assignmentId: asg1 }) });
    expect(pick(one.base.byKey[asg1])).toEqual({ counted: 6, notStarted: 3, inProgress: 2, completed: 1, overdue: 5 });
    const two = await completionReport({ actor, filters: filters({ unitId: ids.t, assignmentId: asg2 }) });
    expect(pick(two.base.byKey[asg2])).toEqual({ counted: 2, notStarted: 2, inProgress: 0, completed: 0, overdue: 0 });
  });

  test("the people behind a number, sorted by tên then họ đệm", async () => {
    const actor = await authUserOf(ids.admin!);
    const overdue = await peoplePage({
      actor,
      filters: filters({ unitId: ids.t, courseId: "k1" }),
      status: "overdue",
      page: 1,
    });
    expect(overdue.rows.map((r) => r.fullName)).toEqual([
      "Nguyễn Thị Bình",
      "Lê Văn Cường",
      "Phạm Thị Dung",
      "Hoàng Văn Em",
      "Ngô Văn Lâm",
    ]);
    expect(overdue.rows.every((r) => r.overdue)).toBe(true);
    const completed = await peoplePage({
      actor,
      filters: filters({ unitId: ids.t, courseId: "k1" }),
      status: "completed",
      page: 1,
    });
    expect(completed.rows).toMatchObject([{ fullName: "Trần Văn An", percent: 100, examBest: 80, examPassed: true }]);
  });

  test("a user who joins an assigned unit later is counted at once; deactivating drops them", async () => {
    const actor = await authUserOf(ids.admin!);
    const late = await makeUser({ unitId: ids.a1, fullName: "Mai Văn Nam" });
    const after = await completionReport({ actor, filters: filters({ unitId: ids.a1 }) });
    expect(after.base.byKey.k1?.counted).toBe(2);
    // Not yet enrolled, already counted; the next visit enrols them with the due date.
    expect(await prisma.enrollment.count({ where: { userId: late.id } })).toBe(0);
    await syncAssignments(late.id, NOW);
    expect(await prisma.enrollment.findFirst({ where: { userId: late.id } })).toMatchObject({ source: "assigned" });
    await setUserActive(actor, late.id, false);
    const gone = await completionReport({ actor, filters: filters({ unitId: ids.a1 }) });
    expect(gone.base.byKey.k1?.counted).toBe(1);
  });

  test("closing an assignment ends its due date but deletes no progress; reopening restores it", async () => {
    const actor = await authUserOf(ids.admin!);
    const before = {
      enrollments: await prisma.enrollment.count(),
      completions: await prisma.courseCompletion.count(),
      attempts: await prisma.quizAttempt.count(),
    };
    await setAssignmentClosed({ actor, assignmentId: asg1, closed: true });
    const closed = await completionReport({ actor, filters: filters({ unitId: ids.t, courseId: "k1" }) });
    // Still counted (enrolled learners and the open Đợt 2), but only Đợt 2's future date applies now.
    expect(closed.base.byKey.k1?.overdue).toBe(0);
    expect(await listMyAssignments(ids.a2u!, NOW)).toEqual([]);
    expect({
      enrollments: await prisma.enrollment.count(),
      completions: await prisma.courseCompletion.count(),
      attempts: await prisma.quizAttempt.count(),
    }).toEqual(before);
    await setAssignmentClosed({ actor, assignmentId: asg1, closed: false });
    const reopened = await completionReport({ actor, filters: filters({ unitId: ids.t, courseId: "k1" }) });
    expect(reopened.base.byKey.k1?.overdue).toBe(5);
  });

  test("editing the audience narrows the assignment's figures without touching enrolments", async () => {
    const actor = await authUserOf(ids.admin!);
    const enrollments = await prisma.enrollment.count();
    await updateAssignment(actor, asg2, {
      courseId: "k1",
      title: "Đợt 2",
      note: "Đổi hạn",
      startAt: "2027-01-01",
      dueAt: "2027-05-01",
      unitIds: [],
      subtreeUnitIds: [],
      userEmails: [(await prisma.user.findUniqueOrThrow({ where: { id: ids.b1u } })).email],
    });
    const two = await completionReport({ actor, filters: filters({ unitId: ids.t, assignmentId: asg2 }) });
    expect(two.base.byKey[asg2]?.counted).toBe(1);
    expect(await prisma.enrollment.count()).toBe(enrollments);
  });
});

describe("scope", () => {
  test("a unit manager reads their subtree and gets 404 for another unit or assignment", async () => {
    const manager = await authUserOf(
      (await makeUser({ unitId: ids.a, roles: ["UNIT_MANAGER", "LEARNER"], fullName: "Quản Lý A" })).id,
    );
    const mine = await completionReport({ actor: manager, filters: filters() });
    expect(mine.base.unit).toBeNull();
    expect(mine.children.map((r) => r.unit?.name)).toEqual(["Xã A"]);
    for (const attempt of [
      () => completionReport({ actor: manager, filters: filters({ unitId: ids.b }) }),
      () => completionReport({ actor: manager, filters: filters({ unitId: ids.t }) }),
      () => completionReport({ actor: manager, filters: filters({ assignmentId: asg1 }) }),
      () => peoplePage({ actor: manager, filters: filters({ unitId: ids.b }), status: "counted", page: 1 }),
    ]) {
      const error = await attempt().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).status).toBe(404);
    }
  });

  test("a unit manager cannot assign outside their subtree", async () => {
    const manager = await authUserOf((await makeUser({ unitId: ids.a, roles: ["UNIT_MANAGER"] })).id);
    const base = {
      courseId: "k1",
      title: "Đợt của xã",
      note: "",
      startAt: "2027-01-01",
      dueAt: "2027-02-01",
      subtreeUnitIds: [],
    };
    await expect(createAssignment(manager, { ...base, unitIds: [ids.b!], userEmails: [] })).rejects.toThrow(
      DomainError,
    );
    const outsider = await prisma.user.findUniqueOrThrow({ where: { id: ids.b1u } });
    await expect(createAssignment(manager, { ...base, unitIds: [], userEmails: [outsider.email] })).rejects.toThrow(
      /Không tìm thấy người dùng/,
    );
  });
});

test("Vietnamese name order: tên first, then họ đệm", () => {
  const names = ["Trần Văn Bình", "Nguyễn Thị Ánh", "Lê Thị Bình", "Phạm Đức Anh", "Đỗ Văn Ân"];
  expect(sortPeople(names.map((fullName) => ({ fullName }))).map((r) => r.fullName)).toEqual([
    "Phạm Đức Anh",
    "Nguyễn Thị Ánh",
    "Đỗ Văn Ân",
    "Lê Thị Bình",
    "Trần Văn Bình",
  ]);
});
