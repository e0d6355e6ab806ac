import { databaseHealth, probeDatabaseWrite } from "~/db.server";
import { prisma } from "~/db.server";

/**
 * Liveness and readiness in one: 200 only when the database answers a read and takes a write (a
 * committed probe, at most one every 5 s however often this is called). A read-only or full disk,
 * or a write lock held elsewhere, answers 503 with the SQLite code.
 */
export async function loader() {
  const headers = { "Cache-Control": "no-store" };
  try {
    await prisma.$queryRawUnsafe("SELECT 1");
  } catch {
    return Response.json({ status: "error", read: "error", write: "unknown" }, { status: 503, headers });
  }
  const fault = await probeDatabaseWrite();
  if (fault)
    return Response.json(
      { status: "error", read: "ok", write: "error", detail: fault, since: databaseHealth.lastFault?.at },
      { status: 503, headers },
    );
  return Response.json({ status: "ok", read: "ok", write: "ok" }, { headers });
}
