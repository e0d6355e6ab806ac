import { prisma } from "~/db.server";

/** Liveness and readiness in one: 200 only when the database answers. */
export async function loader() {
  try {
    await prisma.$queryRawUnsafe("SELECT 1");
    return Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
  } catch {
    return Response.json(
      { status: "error", detail: "database unavailable" },
      { status: 503, headers: { "Cache-Control": "no-store" } },
    );
  }
}
