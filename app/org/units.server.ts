import { z } from "zod";

import { changedFields, recordAudit } from "~/audit/audit.server";
import { prisma } from "~/db.server";
import { UNIT_KINDS } from "~/org/units";
import { DomainError } from "~/utils/errors";
import { requiredText } from "~/utils/forms";

export const UnitFormSchema = z.object({
  name: requiredText("tên đơn vị", 200),
  kind: z.enum(UNIT_KINDS, { error: "Vui lòng chọn loại đơn vị." }),
  parentId: z
    .string()
    .max(64, "Đơn vị cấp trên không hợp lệ.")
    .optional()
    .transform((v) => (v ? v : null)),
});
export type UnitInput = z.infer<typeof UnitFormSchema>;

export type UnitNode = {
  id: string;
  name: string;
  kind: string;
  path: string;
  parentId: string | null;
  depth: number;
  userCount: number;
};

/** Units in depth-first order (children alphabetically), optionally only a subtree. */
export async function listUnits(options: { withinPath?: string } = {}): Promise<UnitNode[]> {
  const units = await prisma.unit.findMany({
    where: options.withinPath ? { path: { startsWith: options.withinPath } } : undefined,
    select: { id: true, name: true, kind: true, path: true, parentId: true, _count: { select: { users: true } } },
  });
  const collator = new Intl.Collator("vi");
  const byParent = new Map<string | null, typeof units>();
  const ids = new Set(units.map((u) => u.id));
  for (const unit of units) {
    // A subtree's root has its parent outside the list: treat it as a root.
    const key = unit.parentId && ids.has(unit.parentId) ? unit.parentId : null;
    byParent.set(key, [...(byParent.get(key) ?? []), unit]);
  }
  const ordered: UnitNode[] = [];
  const visit = (parentId: string | null, depth: number) => {
    for (const unit of (byParent.get(parentId) ?? []).sort((a, b) => collator.compare(a.name, b.name))) {
      ordered.push({
        id: unit.id,
        name: unit.name,
        kind: unit.kind,
        path: unit.path,
        parentId: unit.parentId,
        depth,
        userCount: unit._count.users,
      });
      visit(unit.id, depth + 1);
    }
  };
  visit(null, 0);
  return ordered;
}

/** Units as the options of a unit dropdown: the tree shown by indenting each name with its depth. */
export function toUnitOptions(units: UnitNode[]) {
  return units.map((u) => ({ id: u.id, label: `${"— ".repeat(u.depth)}${u.name}` }));
}

export function getUnit(unitId: string) {
  return prisma.unit.findUnique({ where: { id: unitId }, include: { parent: { select: { id: true, name: true } } } });
}

/** Who changes the tree; absent for the seed and scripts (the audit log then names no actor). */
type UnitActor = { id: string; ip?: string };

export async function createUnit(input: UnitInput, actor?: UnitActor) {
  return prisma.$transaction(async (tx) => {
    const parent = input.parentId ? await tx.unit.findUnique({ where: { id: input.parentId } }) : null;
    if (input.parentId && !parent) throw new DomainError("Đơn vị cấp trên không tồn tại.", { field: "parentId" });
    // The path needs the new id, so insert with a unique placeholder and then set it.
    const unit = await tx.unit.create({
      data: {
        name: input.name,
        kind: input.kind,
        parentId: parent?.id ?? null,
        path: `pending:${crypto.randomUUID()}`,
      },
    });
    const created = await tx.unit.update({
      where: { id: unit.id },
      data: { path: `${parent?.path ?? "/"}${unit.id}/` },
    });
    await recordAudit(tx, {
      actorId: actor?.id ?? null,
      action: "unit.create",
      targetType: "unit",
      targetId: unit.id,
      after: { name: created.name, kind: created.kind, parentId: created.parentId },
      ip: actor?.ip,
    });
    return created;
  });
}

/** Renames, re-kinds or moves a unit; moving rewrites the paths of its whole subtree. */
export async function updateUnit(unitId: string, input: UnitInput, actor?: UnitActor) {
  return prisma.$transaction(async (tx) => {
    const unit = await tx.unit.findUnique({ where: { id: unitId } });
    if (!unit) throw new DomainError("Đơn vị không tồn tại.", { status: 404 });
    const parent = input.parentId ? await tx.unit.findUnique({ where: { id: input.parentId } }) : null;
    if (input.parentId && !parent) throw new DomainError("Đơn vị cấp trên không tồn tại.", { field: "parentId" });
    if (parent && parent.path.startsWith(unit.path)) {
      throw new DomainError("Không thể chọn chính đơn vị này hoặc một đơn vị cấp dưới của nó làm đơn vị cấp trên.", {
        field: "parentId",
      });
    }
    const newPath = `${parent?.path ?? "/"}${unit.id}/`;
    if (newPath !== unit.path) {
      const subtree = await tx.unit.findMany({
        where: { path: { startsWith: unit.path } },
        select: { id: true, path: true },
      });
      for (const node of subtree) {
        await tx.unit.update({ where: { id: node.id }, data: { path: newPath + node.path.slice(unit.path.length) } });
      }
    }
    const updated = await tx.unit.update({
      where: { id: unitId },
      data: { name: input.name, kind: input.kind, parentId: parent?.id ?? null },
    });
    const audit = { actorId: actor?.id ?? null, targetType: "unit", targetId: unitId, ip: actor?.ip };
    if (unit.parentId !== updated.parentId)
      await recordAudit(tx, {
        ...audit,
        action: "unit.move",
        before: { parentId: unit.parentId, path: unit.path },
        after: { parentId: updated.parentId, path: newPath },
      });
    const renamed = changedFields({ name: unit.name, kind: unit.kind }, { name: updated.name, kind: updated.kind });
    if (renamed) await recordAudit(tx, { ...audit, action: "unit.update", ...renamed });
    return updated;
  });
}
