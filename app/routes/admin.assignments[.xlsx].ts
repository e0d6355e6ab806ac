import type { LoaderFunctionArgs } from "@remix-run/node";

import { assignmentsTable } from "~/assignments/export.server";
import { requireUserWithRole } from "~/auth/guards.server";
import { tableResponse } from "~/exports/export.server";

export async function loader(args: LoaderFunctionArgs) {
  const actor = requireUserWithRole(args, ["ADMIN", "UNIT_MANAGER"]);
  return tableResponse("xlsx", await assignmentsTable(actor));
}
