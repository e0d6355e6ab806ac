import { hashPassword } from "~/auth/password.server";
import type { Role } from "~/auth/roles";
import { prisma } from "~/db.server";
import type { UnitKind } from "~/org/units";
import { createUnit } from "~/org/units.server";

/** Test data builders. Everything they make is unique, so tests never collide. */

export const TEST_PASSWORD = "MatKhau@Test1";
let passwordHash: Promise<string> | undefined;

let counter = 0;
function unique() {
  counter += 1;
  return `${Date.now().toString(36)}${counter}${Math.random().toString(36).slice(2, 6)}`;
}

export async function makeUnit(options: { name?: string; kind?: UnitKind; parentId?: string | null } = {}) {
  return createUnit({
    name: options.name ?? `Xã Thử ${unique()}`,
    kind: options.kind ?? "XA",
    parentId: options.parentId ?? null,
  });
}

export async function makeUser(
  options: {
    roles?: Role[];
    unitId?: string;
    email?: string;
    fullName?: string;
    password?: string;
    active?: boolean;
  } = {},
) {
  const unitId = options.unitId ?? (await makeUnit()).id;
  passwordHash ??= hashPassword(TEST_PASSWORD);
  return prisma.user.create({
    data: {
      email: options.email ?? `nguoidung-${unique()}@thu.test`,
      fullName: options.fullName ?? "Nguyễn Thị Thử",
      unitId,
      active: options.active ?? true,
      passwordHash: options.password ? await hashPassword(options.password) : await passwordHash,
      roles: { create: (options.roles ?? ["LEARNER"]).map((role) => ({ role })) },
    },
    include: { unit: true, roles: true },
  });
}
