import type { LoaderFunctionArgs } from "@remix-run/node";

import { requireUserWithRole } from "~/auth/guards.server";
import { tableResponse } from "~/exports/export.server";
import { rejectedRows } from "~/org/import.server";
import { IMPORT_HEADER } from "~/org/import-file.server";
import { runDomainLoader } from "~/utils/forms.server";

/** The rows of the file that are not imported, as they were, with the line and the reason. */
export async function loader(args: LoaderFunctionArgs) {
  const actor = requireUserWithRole(args, ["ADMIN", "UNIT_MANAGER"]);
  const rows = await runDomainLoader(() => rejectedRows(actor, args.params.jobId ?? ""));
  return tableResponse("csv", {
    title: "Các dòng không nhập được",
    header: ["Dòng", ...IMPORT_HEADER, "Lý do"],
    rows: rows.map((r) => [r.line, r.fullName, r.email, r.position, r.unit, r.roles, r.reason]),
  });
}
