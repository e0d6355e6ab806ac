import { prisma } from "~/db.server";

/** Head counts for a scope (a unit path prefix; "/" is everything). */
export async function getScopeSummary(scopePath: string) {
  const inScope = { unit: { path: { startsWith: scopePath } } };
  const [activeUsers, inactiveUsers, units] = await Promise.all([
    prisma.user.count({ where: { ...inScope, active: true } }),
    prisma.user.count({ where: { ...inScope, active: false } }),
    prisma.unit.count({ where: { path: { startsWith: scopePath } } }),
  ]);
  return { activeUsers, inactiveUsers, units };
}
