import { beforeAll, describe, expect, test } from "vitest";

import { dueNotice, runReminders } from "~/assignments/reminders.server";
import { prisma } from "~/db.server";
import { listNotifications, markNotificationsRead } from "~/notifications/notifications.server";

import { makeUnit, makeUser } from "../../tests/factories";

const DAY = 24 * 60 * 60 * 1000;
const DUE = new Date("2027-03-31T16:59:59.999Z");
const at = (daysBeforeDue: number) => new Date(DUE.getTime() - daysBeforeDue * DAY);

let ids: { asg: string; a: string; b: string; done: string; quiet: string; trainer: string; gone: string };

beforeAll(async () => {
  const unit = await makeUnit({ name: "Xã Nhắc Hạn" });
  const [a, b, done, quiet, trainer, gone] = await Promise.all([
    makeUser({ unitId: unit.id, fullName: "Trần Văn Nhắc" }),
    makeUser({ unitId: unit.id, fullName: "Lê Thị Hạn" }),
    makeUser({ unitId: unit.id, fullName: "Phạm Văn Xong" }),
    makeUser({ unitId: unit.id, fullName: "Đỗ Thị Lặng" }),
    makeUser({ unitId: unit.id, fullName: "Giảng Viên Ngoài", roles: ["TRAINER"] }),
    makeUser({ unitId: unit.id, fullName: "Vũ Văn Nghỉ", active: false }),
  ]);
  await prisma.user.update({ where: { id: quiet.id }, data: { emailReminders: false } });
  await prisma.course.create({
    data: {
      id: "nhac-han",
      title: "Khóa nhắc hạn",
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
  await prisma.courseCompletion.create({ data: { userId: done.id, courseId: "nhac-han", courseVersion: 1 } });
  const asg = await prisma.assignment.create({
    data: {
      courseId: "nhac-han",
      title: "Đợt quý I/2027",
      startAt: new Date("2027-01-01T00:00:00Z"),
      dueAt: DUE,
      createdById: a.id,
      units: { create: [{ unitId: unit.id, includeSubtree: false }] },
      // Named as well as reached through the unit: still one person.
      users: { create: [{ userId: a.id }] },
    },
  });
  ids = { asg: asg.id, a: a.id, b: b.id, done: done.id, quiet: quiet.id, trainer: trainer.id, gone: gone.id };
});

const noticesOf = (userId: string) =>
  prisma.notification.findMany({
    where: { userId },
    orderBy: { createdAt: "asc" },
    select: { kind: true, dedupeKey: true },
  });
const mailsTo = async (userId: string) => {
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId } });
  return prisma.outboundMail.count({ where: { toAddress: user.email } });
};

describe("dueNotice", () => {
  const reminderDays = [7, 1];
  test("new first, then the smallest threshold reached, then overdue", () => {
    expect(dueNotice({ now: at(30), dueAt: DUE, reminderDays, toldAt: null })).toEqual({ kind: "new" });
    expect(dueNotice({ now: at(20), dueAt: DUE, reminderDays, toldAt: at(30) })).toBeNull();
    expect(dueNotice({ now: at(6), dueAt: DUE, reminderDays, toldAt: at(30) })).toEqual({ kind: "due", days: 7 });
    expect(dueNotice({ now: at(0.5), dueAt: DUE, reminderDays, toldAt: at(30) })).toEqual({ kind: "due", days: 1 });
    expect(dueNotice({ now: at(-1), dueAt: DUE, reminderDays, toldAt: at(30) })).toEqual({ kind: "overdue" });
  });
  test("someone told inside a reminder's window gets no reminder for it", () => {
    expect(dueNotice({ now: at(5), dueAt: DUE, reminderDays, toldAt: at(6) })).toBeNull();
    expect(dueNotice({ now: at(0.5), dueAt: DUE, reminderDays, toldAt: at(6) })).toEqual({ kind: "due", days: 1 });
  });
});

describe("runReminders", () => {
  test("new assignment: each active learner once, none for the one who completed, mail only where wanted", async () => {
    const result = await runReminders({ now: at(30), assignmentId: ids.asg, deliver: false });
    expect(result.new).toBe(3); // a (unit + named, once), b, quiet; not done, trainer (not named), gone
    expect(await noticesOf(ids.a)).toEqual([
      { kind: "assignment.new", dedupeKey: `assignment:${ids.asg}:new:${ids.a}` },
    ]);
    expect(await noticesOf(ids.done)).toEqual([]);
    expect(await noticesOf(ids.trainer)).toEqual([]);
    expect(await noticesOf(ids.gone)).toEqual([]);
    expect(await mailsTo(ids.a)).toBe(1);
    expect(await mailsTo(ids.quiet)).toBe(0);
    expect((await noticesOf(ids.quiet)).map((n) => n.kind)).toEqual(["assignment.new"]);
  });

  test("a second run, and two runs at once, send nothing twice", async () => {
    expect(await runReminders({ now: at(29), assignmentId: ids.asg, deliver: false })).toMatchObject({
      new: 0,
      due: 0,
      overdue: 0,
    });
    const [r1, r2] = await Promise.all([
      runReminders({ now: at(6), assignmentId: ids.asg, deliver: false }),
      runReminders({ now: at(6), assignmentId: ids.asg, deliver: false }),
    ]);
    expect(r1.due + r2.due).toBe(3);
    const again = await runReminders({ now: at(5), assignmentId: ids.asg, deliver: false });
    expect(again.due).toBe(0);
    expect((await noticesOf(ids.b)).map((n) => n.kind)).toEqual(["assignment.new", "assignment.due"]);
    expect(await mailsTo(ids.b)).toBe(2);
  });

  test("the one-day reminder, then overdue once; read state is the learner's own", async () => {
    expect((await runReminders({ now: at(0.5), assignmentId: ids.asg, deliver: false })).due).toBe(3);
    const [o1, o2] = await Promise.all([
      runReminders({ now: at(-2), assignmentId: ids.asg, deliver: false }),
      runReminders({ now: at(-2), assignmentId: ids.asg, deliver: false }),
    ]);
    expect(o1.overdue + o2.overdue).toBe(3);
    expect((await runReminders({ now: at(-3), assignmentId: ids.asg, deliver: false })).overdue).toBe(0);
    expect((await noticesOf(ids.b)).map((n) => n.dedupeKey.split(":").slice(2, -1).join(":"))).toEqual([
      "new",
      "due:7",
      "due:1",
      "overdue",
    ]);
    expect(await mailsTo(ids.quiet)).toBe(0);

    const before = await listNotifications({ userId: ids.b });
    expect(before.unread).toBe(4);
    const first = before.items[0]!;
    // Another user cannot mark it.
    expect(await markNotificationsRead({ userId: ids.a, notificationId: first.id })).toBeNull();
    expect((await listNotifications({ userId: ids.b })).unread).toBe(4);
    await markNotificationsRead({ userId: ids.b, notificationId: first.id });
    expect((await listNotifications({ userId: ids.b })).unread).toBe(3);
    await markNotificationsRead({ userId: ids.b });
    expect((await listNotifications({ userId: ids.b })).unread).toBe(0);
  });

  test("a closed assignment owes nothing", async () => {
    await prisma.assignment.update({ where: { id: ids.asg }, data: { closedAt: new Date() } });
    const result = await runReminders({ now: at(-10), assignmentId: ids.asg, deliver: false });
    expect(result).toMatchObject({ new: 0, due: 0, overdue: 0 });
  });
});

describe("certificate notices", () => {
  test("the holder hears of an issued and of a revoked certificate, once each", async () => {
    const { issueFirstCertificate, revokeCertificate } = await import("~/certificates/issue.server");
    const completion = await prisma.courseCompletion.findFirstOrThrow({ where: { userId: ids.done } });
    const cert = (await issueFirstCertificate({ completionId: completion.id }))!;
    await issueFirstCertificate({ completionId: completion.id });
    expect(await revokeCertificate({ serial: cert.serial, reason: "Nhầm người", actorId: ids.a })).toBe(true);
    expect(await revokeCertificate({ serial: cert.serial, reason: "Lần nữa", actorId: ids.a })).toBe(false);
    const notices = await prisma.notification.findMany({
      where: { userId: ids.done },
      orderBy: { createdAt: "asc" },
      select: { kind: true, body: true, link: true },
    });
    expect(notices.map((n) => n.kind)).toEqual(["certificate.issued", "certificate.revoked"]);
    expect(notices[1]!.body).toContain("Lý do: Nhầm người");
    expect(notices[0]!.link).toBe(`/certificates/${cert.serial}`);
    expect(await mailsTo(ids.done)).toBe(2);
  });
});
