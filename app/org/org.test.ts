import { describe, expect, test } from "vitest";

import { canManageUnit } from "~/auth/guards.server";
import { createSession, validateSessionToken } from "~/auth/session.server";
import { prisma } from "~/db.server";
import { createUnit, listUnits, updateUnit } from "~/org/units.server";
import { canEditUser, createUser, getManageableUser, listUsers, setUserActive, updateUser } from "~/org/users.server";
import { DomainError } from "~/utils/errors";

import { makeUnit, makeUser } from "../../tests/factories";

async function authUserOf(userId: string) {
  const { token } = await createSession({ userId });
  return (await validateSessionToken(token)).user!;
}

describe("unit tree", () => {
  test("paths nest, and moving a unit rewrites its subtree", async () => {
    const tinh = await makeUnit({ kind: "TINH", name: "Tỉnh Thử" });
    const xa = await makeUnit({ parentId: tinh.id });
    const chiBo = await makeUnit({ kind: "CHI_BO", parentId: xa.id });
    expect(chiBo.path).toBe(`/${tinh.id}/${xa.id}/${chiBo.id}/`);
    const other = await makeUnit({ kind: "TINH" });
    await updateUnit(xa.id, { name: "Xã Mới", kind: "XA", parentId: other.id });
    const moved = await prisma.unit.findUniqueOrThrow({ where: { id: chiBo.id } });
    expect(moved.path).toBe(`/${other.id}/${xa.id}/${chiBo.id}/`);
  });

  test("a unit cannot be moved under itself or its descendants", async () => {
    const a = await makeUnit();
    const b = await makeUnit({ parentId: a.id });
    await expect(updateUnit(a.id, { name: "A", kind: "XA", parentId: b.id })).rejects.toThrow(DomainError);
    await expect(updateUnit(a.id, { name: "A", kind: "XA", parentId: a.id })).rejects.toThrow(DomainError);
  });

  test("listing a subtree returns it depth-first in Vietnamese order", async () => {
    const root = await makeUnit({ kind: "TINH" });
    await createUnit({ name: "Xã Đông", kind: "XA", parentId: root.id });
    await createUnit({ name: "Xã Đa Phúc", kind: "XA", parentId: root.id });
    await createUnit({ name: "Xã An", kind: "XA", parentId: root.id });
    const names = (await listUnits({ withinPath: root.path })).map((u) => `${u.depth}:${u.name}`);
    expect(names.slice(1)).toEqual(["1:Xã An", "1:Xã Đa Phúc", "1:Xã Đông"]);
  });
});

describe("unit manager scope", () => {
  test("covers the manager's subtree and nothing else", async () => {
    const tinh = await makeUnit({ kind: "TINH" });
    const xa = await makeUnit({ parentId: tinh.id });
    const chiBo = await makeUnit({ kind: "CHI_BO", parentId: xa.id });
    const neighbour = await makeUnit({ parentId: tinh.id });
    const manager = await authUserOf((await makeUser({ roles: ["UNIT_MANAGER"], unitId: xa.id })).id);
    expect(canManageUnit(manager, xa.path)).toBe(true);
    expect(canManageUnit(manager, chiBo.path)).toBe(true);
    expect(canManageUnit(manager, neighbour.path)).toBe(false);
    expect(canManageUnit(manager, tinh.path)).toBe(false);

    const inside = await makeUser({ unitId: chiBo.id });
    const outside = await makeUser({ unitId: neighbour.id });
    expect(await getManageableUser(manager, inside.id)).not.toBeNull();
    expect(await getManageableUser(manager, outside.id)).toBeNull();
    await expect(
      updateUser(manager, outside.id, {
        email: outside.email,
        fullName: "Đổi",
        position: "",
        unitId: neighbour.id,
        roles: ["LEARNER"],
      }),
    ).rejects.toThrow(DomainError);
    await expect(setUserActive(manager, outside.id, false)).rejects.toThrow(DomainError);
    const listed = await listUsers({ actor: manager, status: "all" });
    expect(listed.users.map((u) => u.id)).toContain(inside.id);
    expect(listed.users.map((u) => u.id)).not.toContain(outside.id);
    // A filter pointing outside the scope falls back to the scope.
    const sneaky = await listUsers({ actor: manager, unitId: neighbour.id, status: "all" });
    expect(sneaky.users.map((u) => u.id)).not.toContain(outside.id);
  });

  test("a manager cannot create users outside the subtree or grant roles above learner", async () => {
    const xa = await makeUnit();
    const other = await makeUnit();
    const manager = await authUserOf((await makeUser({ roles: ["UNIT_MANAGER"], unitId: xa.id })).id);
    const base = { email: "moi@thu.test", fullName: "Người Mới", position: "", password: "MatKhau@123" };
    await expect(createUser(manager, { ...base, unitId: other.id, roles: ["LEARNER"] })).rejects.toMatchObject({
      field: "unitId",
    });
    await expect(createUser(manager, { ...base, unitId: xa.id, roles: ["ADMIN"] })).rejects.toMatchObject({
      field: "roles",
    });
    const created = await createUser(manager, { ...base, unitId: xa.id, roles: ["LEARNER"] });
    expect(created.unitId).toBe(xa.id);
  });

  test("a manager cannot change anyone holding a role they may not grant, even in their subtree", async () => {
    const xa = await makeUnit();
    const manager = await authUserOf((await makeUser({ roles: ["UNIT_MANAGER", "LEARNER"], unitId: xa.id })).id);
    for (const roles of [["ADMIN"], ["TRAINER", "LEARNER"], ["UNIT_MANAGER"]] as const) {
      const target = await makeUser({ roles: [...roles], unitId: xa.id });
      // Readable (it is in scope) but not editable.
      expect(await getManageableUser(manager, target.id)).not.toBeNull();
      expect(canEditUser(manager, await getManageableUser(manager, target.id))).toBe(false);
      const input = {
        email: "chiem-quyen@thu.test",
        fullName: "Tên Mới",
        position: "",
        unitId: xa.id,
        roles: ["LEARNER" as const],
        password: "MatKhauMoi@1",
      };
      await expect(updateUser(manager, target.id, input)).rejects.toMatchObject({ status: 404 });
      await expect(setUserActive(manager, target.id, false)).rejects.toMatchObject({ status: 404 });
      const after = await prisma.user.findUniqueOrThrow({ where: { id: target.id }, include: { roles: true } });
      expect(after.email).toBe(target.email);
      expect(after.passwordHash).toBe(target.passwordHash);
      expect(after.active).toBe(true);
      expect(after.roles.map((r) => r.role).sort()).toEqual([...roles].sort());
    }
    // Learners stay editable.
    const learner = await makeUser({ roles: ["LEARNER"], unitId: xa.id });
    expect(canEditUser(manager, await getManageableUser(manager, learner.id))).toBe(true);
  });
});

describe("users", () => {
  test("duplicate email is reported on the email field", async () => {
    const unit = await makeUnit();
    const admin = await authUserOf((await makeUser({ roles: ["ADMIN"], unitId: unit.id })).id);
    const existing = await makeUser();
    await expect(
      createUser(admin, {
        email: existing.email,
        fullName: "Trùng",
        position: "",
        unitId: unit.id,
        roles: ["LEARNER"],
        password: "MatKhau@123",
      }),
    ).rejects.toMatchObject({ field: "email" });
  });

  test("deactivation keeps the user and ends their sessions; reactivation restores sign-in", async () => {
    const unit = await makeUnit();
    const admin = await authUserOf((await makeUser({ roles: ["ADMIN"], unitId: unit.id })).id);
    const learner = await makeUser({ unitId: unit.id });
    const { token } = await createSession({ userId: learner.id });
    await setUserActive(admin, learner.id, false);
    expect(await prisma.user.findUnique({ where: { id: learner.id } })).toMatchObject({ active: false });
    expect(await prisma.session.count({ where: { userId: learner.id } })).toBe(0);
    expect((await validateSessionToken(token)).user).toBeNull();
    await setUserActive(admin, learner.id, true);
    expect(await prisma.user.findUnique({ where: { id: learner.id } })).toMatchObject({
      active: true,
      deactivatedAt: null,
    });
  });

  test("an administrator cannot deactivate themselves or drop their own admin role", async () => {
    const unit = await makeUnit();
    const adminRow = await makeUser({ roles: ["ADMIN"], unitId: unit.id });
    const admin = await authUserOf(adminRow.id);
    await expect(setUserActive(admin, admin.id, false)).rejects.toThrow(DomainError);
    await expect(
      updateUser(admin, admin.id, {
        email: adminRow.email,
        fullName: "A",
        position: "",
        unitId: unit.id,
        roles: ["LEARNER"],
      }),
    ).rejects.toMatchObject({ field: "roles" });
  });
});

describe("user search and order", () => {
  test('"pham thi" finds "Phạm Thị …", and people come in Vietnamese order (tên, then họ đệm)', async () => {
    const unit = await makeUnit();
    const admin = await authUserOf((await makeUser({ roles: ["ADMIN"], unitId: unit.id })).id);
    for (const fullName of ["Phạm Thị Ánh", "Phạm Thị Anh", "Trần Văn Đông", "Phạm Thị Bình", "Phan Thị Dung"])
      await makeUser({ unitId: unit.id, fullName });
    const found = await listUsers({ actor: admin, unitId: unit.id, q: "pham thi" });
    expect(found.users.map((u) => u.fullName)).toEqual(["Phạm Thị Anh", "Phạm Thị Ánh", "Phạm Thị Bình"]);
    const withMarks = await listUsers({ actor: admin, unitId: unit.id, q: "ĐÔNG" });
    expect(withMarks.users.map((u) => u.fullName)).toEqual(["Trần Văn Đông"]);
  });
});

test("the user list downloads every match in Vietnamese order, with the page's filters", async () => {
  const { usersTable } = await import("~/org/users-export.server");
  const unit = await makeUnit();
  const admin = await authUserOf((await makeUser({ roles: ["ADMIN"], unitId: unit.id, fullName: "Quản Trị Z" })).id);
  for (const fullName of ["Phạm Thị Bình", "Lê Văn An"]) await makeUser({ unitId: unit.id, fullName });
  const table = usersTable({ actor: admin, q: "", unitId: unit.id, status: "active" });
  const rows = [];
  for await (const row of table.rows) rows.push(row);
  expect(table.header[0]).toBe("Họ và tên");
  expect(rows.map((r) => r[0])).toEqual(["Lê Văn An", "Phạm Thị Bình", "Quản Trị Z"]);
  expect(rows[0]).toEqual(["Lê Văn An", expect.stringContaining("@"), unit.name, "", "Học viên", "Hoạt động"]);
});
