import type { LoaderFunctionArgs } from "@remix-run/node";

import { requireUserWithRole } from "~/auth/guards.server";
import { parseXapiFilters } from "~/xapi/filters.server";
import { xapiResponse } from "~/xapi/statements.server";

/** The xAPI statements for the page's filters, streamed as one JSON array. */
export async function loader(args: LoaderFunctionArgs) {
  requireUserWithRole(args, "ADMIN");
  const { filters } = await parseXapiFilters(new URL(args.request.url));
  return xapiResponse(filters);
}
