import { prisma } from "~/db.server";
import type { XapiFilters } from "~/xapi/statements.server";

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The page's filters from the query string (the page and the download read the same). */
export async function parseXapiFilters(url: URL): Promise<{ query: Record<string, string>; filters: XapiFilters }> {
  const day = (key: string) => {
    const v = url.searchParams.get(key) ?? "";
    return DAY.test(v) ? v : "";
  };
  const from = day("from");
  const to = day("to");
  const unitId = (url.searchParams.get("unitId") ?? "").slice(0, 64);
  const unit = unitId ? await prisma.unit.findUnique({ where: { id: unitId }, select: { path: true } }) : null;
  return {
    query: { from, to, unitId: unit ? unitId : "" },
    filters: { from: from || undefined, to: to || undefined, unitPath: unit?.path },
  };
}
