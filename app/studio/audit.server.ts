import { prisma } from "~/db.server";

/**
 * The audit trail: one general table (actor, action, target, before/after JSON, time, IP) that
 * the studio writes for publish, restore and retire, and that later features (/admin/audit) read.
 */
export async function recordAudit(options: {
  actorId: string | null;
  action: string;
  target: { type: string; id: string };
  before?: unknown;
  after?: unknown;
  ip?: string;
}) {
  await prisma.auditEvent.create({
    data: {
      actorId: options.actorId,
      action: options.action,
      targetType: options.target.type,
      targetId: options.target.id,
      before: options.before === undefined ? null : JSON.stringify(options.before),
      after: options.after === undefined ? null : JSON.stringify(options.after),
      ip: options.ip ?? "",
    },
  });
}

export async function listAudit(target: { type: string; id: string }) {
  return prisma.auditEvent.findMany({
    where: { targetType: target.type, targetId: target.id },
    orderBy: { id: "desc" },
    take: 50,
    include: { actor: { select: { fullName: true } } },
  });
}
