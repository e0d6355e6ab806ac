import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

import { env } from "~/env.server";
import { PrismaClient } from "~/generated/prisma/client";

function createPrismaClient() {
  // timeout is better-sqlite3's busy timeout: a writer waits up to 5 s for another instead of failing.
  const adapter = new PrismaBetterSQLite3({ url: env.DATABASE_URL, timeout: 5000 });
  return new PrismaClient({ adapter });
}

// One client per process; the globalThis slot survives `remix dev` rebuilds.
const globalForPrisma = globalThis as unknown as { prisma?: ReturnType<typeof createPrismaClient> };

export const prisma = (globalForPrisma.prisma ??= createPrismaClient());

/**
 * WAL lets readers proceed while a writer commits, and is stored in the database file itself;
 * synchronous=NORMAL is safe under WAL and much faster. Called once at server start.
 */
export async function configureDatabase() {
  await prisma.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await prisma.$queryRawUnsafe("PRAGMA synchronous = NORMAL");
}

/**
 * A Date as Prisma stores DateTime in SQLite ("2026-11-29T04:00:00.000+00:00"), for the few raw
 * statements on hot paths: the same text format keeps comparisons with Prisma-written rows exact.
 */
export function sqliteDate(date: Date) {
  return date.toISOString().replace("Z", "+00:00");
}
