import type { LoaderFunctionArgs } from "@remix-run/node";

import { requireUserWithRole } from "~/auth/guards.server";
import { tableResponse } from "~/exports/export.server";
import { importTemplate } from "~/org/import.server";

/** The import template (csv): the header and two example rows in units of the actor's scope. */
export async function loader(args: LoaderFunctionArgs) {
  const actor = requireUserWithRole(args, ["ADMIN", "UNIT_MANAGER"]);
  return tableResponse("csv", await importTemplate(actor));
}
