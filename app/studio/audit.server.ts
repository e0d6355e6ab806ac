import { recordAudit as appendAudit } from "~/audit/audit.server";
import { prisma } from "~/db.server";

/**
 * The studio's view of the one audit table (app/audit/): it writes publish, restore and retire,
 * and the lesson history lists a lesson's events.
 */
export async function recordAudit(options: {
  actorId: string | null;
  action: string;
  target: { type: string; id: string };
  before?: unknown;
  after?: unknown;
  ip?: string;
}) {
  await appendAudit(prisma, {
    actorId: options.actorId,
    action: options.action,
    targetType: options.target.type,
    targetId: options.target.id,
    before: options.before,
    after: options.after,
    ip: options.ip,
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
