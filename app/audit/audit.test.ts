import fs from "node:fs";
import path from "node:path";

import { describe, expect, test } from "vitest";

import { createAssignment, setAssignmentClosed, updateAssignment } from "~/assignments/assignments.server";
import { describeChange, listAuditEvents, parseAuditFilters } from "~/audit/audit.server";
import { createSession, validateSessionToken } from "~/auth/session.server";
import { prisma } from "~/db.server";
import { createUnit, updateUnit } from "~/org/units.server";
import { createUser, setUserActive, updateUser } from "~/org/users.server";

import { makeUnit, makeUser } from "../../tests/factories";

async function actorOf(userId: string) {
  const { token } = await createSession({ userId });
  return { ...(await validateSessionToken(token)).user!, ip: "203.0.113.7" };
}

const entriesFor = (targetId: string) => prisma.auditEvent.findMany({ where: { targetId }, orderBy: { id: "asc" } });

describe("audit entries for administrative actions", () => {
  test("user create, edit, role change, password reset, deactivate: who, what, before → after, IP", async () => {
    const admin = await actorOf((await makeUser({ roles: ["ADMIN"] })).id);
    const unit = await makeUnit();
    const other = await makeUnit();
    const user = await createUser(admin, {
      email: `nhatky-${Date.now()}@thu.test`,
      fullName: "Phan Văn Nhật",
      position: "Chuyên viên",
      unitId: unit.id,
      roles: ["LEARNER"],
      password: "MatKhau@Test1",
    });
    await updateUser(admin, user.id, {
      email: user.email,
      fullName: "Phan Văn Nhật",
      position: "Phó trưởng ban",
      unitId: other.id,
      roles: ["LEARNER", "TRAINER"],
      password: "MatKhau@Moi12",
    });
    await setUserActive(admin, user.id, false);
    const entries = await entriesFor(user.id);
    expect(entries.map((e) => e.action)).toEqual([
      "user.create",
      "user.update",
      "user.roles",
      "user.password_reset",
      "user.deactivate",
    ]);
    for (const e of entries) expect([e.actorId, e.ip, e.targetType]).toEqual([admin.id, "203.0.113.7", "user"]);
    const update = entries[1]!;
    expect(JSON.parse(update.before!)).toEqual({ position: "Chuyên viên", unitId: unit.id });
    expect(JSON.parse(update.after!)).toEqual({ position: "Phó trưởng ban", unitId: other.id });
    expect(JSON.parse(entries[2]!.after!)).toEqual({ roles: ["LEARNER", "TRAINER"] });
    // The password (or its hash) never reaches the log.
    expect(entries.map((e) => `${e.before}${e.after}`).join("")).not.toMatch(/argon|MatKhau/);
    // An edit that changes nothing writes nothing.
    await setUserActive(admin, user.id, false);
    expect(await entriesFor(user.id)).toHaveLength(5);
  });

  test("unit create and move", async () => {
    const admin = { id: (await makeUser({ roles: ["ADMIN"] })).id, ip: "198.51.100.1" };
    const root = await createUnit({ name: "Tỉnh Nhật Ký", kind: "TINH", parentId: null }, admin);
    const a = await createUnit({ name: "Xã A", kind: "XA", parentId: root.id }, admin);
    const b = await createUnit({ name: "Xã B", kind: "XA", parentId: root.id }, admin);
    await updateUnit(a.id, { name: "Xã A", kind: "XA", parentId: b.id }, admin);
    const entries = await entriesFor(a.id);
    expect(entries.map((e) => e.action)).toEqual(["unit.create", "unit.move"]);
    expect(JSON.parse(entries[1]!.before!)).toMatchObject({ parentId: root.id });
    expect(JSON.parse(entries[1]!.after!)).toMatchObject({ parentId: b.id, path: `${b.path}${a.id}/` });
  });

  test("assignment create, edit, close", async () => {
    const admin = await actorOf((await makeUser({ roles: ["ADMIN"] })).id);
    const courseId = `nhat-ky-${Date.now()}`;
    await prisma.course.create({
      data: {
        id: courseId,
        title: "Khóa nhật ký",
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
    const unit = await makeUnit();
    const input = {
      courseId,
      title: "Đợt nhật ký",
      note: "",
      startAt: "2027-01-01",
      dueAt: "2027-03-31",
      unitIds: [unit.id],
      subtreeUnitIds: [],
      userEmails: [],
    };
    const assignment = await createAssignment(admin, input);
    await updateAssignment(admin, assignment.id, { ...input, dueAt: "2027-04-30" });
    await setAssignmentClosed({ actor: admin, assignmentId: assignment.id, closed: true });
    const entries = await entriesFor(assignment.id);
    expect(entries.map((e) => e.action)).toEqual(["assignment.create", "assignment.update", "assignment.close"]);
    expect(Object.keys(JSON.parse(entries[1]!.after!))).toEqual(["dueAt"]);
  });
});

describe("the audit log is append-only", () => {
  // The trigger's RAISE(ABORT) reaches Prisma as a constraint error (its wording varies by path).
  test("the database refuses UPDATE and DELETE of an entry, through Prisma and raw SQL", async () => {
    const { id } = await prisma.auditEvent.create({
      data: { action: "test.append", targetType: "test", targetId: "x" },
    });
    await expect(prisma.auditEvent.update({ where: { id }, data: { action: "forged" } })).rejects.toThrow();
    await expect(prisma.auditEvent.delete({ where: { id } })).rejects.toThrow();
    await expect(prisma.auditEvent.deleteMany({})).rejects.toThrow();
    await expect(prisma.$executeRawUnsafe(`UPDATE "AuditEvent" SET "ip" = 'x' WHERE "id" = ${id}`)).rejects.toThrow();
    await expect(prisma.$executeRawUnsafe(`DELETE FROM "AuditEvent"`)).rejects.toThrow();
    expect((await prisma.auditEvent.findUniqueOrThrow({ where: { id } })).action).toBe("test.append");
  });

  test("no source file asks to change or remove an entry", () => {
    const files = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) return e.name === "generated" ? [] : files(full);
        return /\.(ts|tsx)$/.test(e.name) && !e.name.endsWith(".test.ts") ? [full] : [];
      });
    const forbidden =
      /auditEvent\s*\.\s*(update|upsert|delete)|UPDATE\s+"?AuditEvent|DELETE\s+FROM\s+"?AuditEvent|DROP\s+TRIGGER/i;
    const offenders = [...files("app"), ...files("prisma"), ...files("tests")].filter((f) =>
      forbidden.test(fs.readFileSync(f, "utf8")),
    );
    expect(offenders).toEqual([]);
  });
});

describe("reading the log", () => {
  test("filters by action family, target and day; changes read as field: before → after", async () => {
    const unit = await makeUnit();
    const found = await listAuditEvents({ ...parseAuditFilters(new URL("http://x/?action=unit")), target: unit.id });
    expect(found.entries.map((e) => e.action)).toEqual(["unit.create"]);
    const none = await listAuditEvents({ ...parseAuditFilters(new URL("http://x/?to=2000-01-01")), target: unit.id });
    expect(none.total).toBe(0);
    expect(describeChange({ position: "A" }, { position: "B" })).toEqual(["position: A → B"]);
  });
});
