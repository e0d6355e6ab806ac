import type { LoaderFunctionArgs } from "@remix-run/node";

import { requireUserWithRole } from "~/auth/guards.server";
import { tableResponse } from "~/exports/export.server";
import { reportTable } from "~/reports/export.server";
import { parseReportQuery } from "~/reports/filters";
import { runDomainLoader } from "~/utils/forms.server";

/** The report (or the people behind one of its numbers) as XLSX, with the page's filters. */
export async function loader(args: LoaderFunctionArgs) {
  const actor = requireUserWithRole(args, ["ADMIN", "UNIT_MANAGER"]);
  const query = parseReportQuery(new URL(args.request.url));
  const table = await runDomainLoader(() => reportTable({ actor, query, now: new Date() }));
  return tableResponse("xlsx", table);
}
