import type { LoaderFunctionArgs } from "@remix-run/node";

import { requireUserWithRole } from "~/auth/guards.server";
import { tableResponse } from "~/exports/export.server";
import { parseUserFilters } from "~/org/user-filters";
import { usersTable } from "~/org/users-export.server";

/** The user list, with the page's filters, as XLSX. */
export async function loader(args: LoaderFunctionArgs) {
  const actor = requireUserWithRole(args, ["ADMIN", "UNIT_MANAGER"]);
  return tableResponse("xlsx", usersTable({ actor, ...parseUserFilters(new URL(args.request.url)) }));
}
