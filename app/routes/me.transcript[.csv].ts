import type { LoaderFunctionArgs } from "@remix-run/node";

import { requireUser } from "~/auth/guards.server";
import { transcriptCsvResponse } from "~/progress/transcript-download.server";

export async function loader(args: LoaderFunctionArgs) {
  return transcriptCsvResponse(requireUser(args).id, new URL(args.request.url));
}
