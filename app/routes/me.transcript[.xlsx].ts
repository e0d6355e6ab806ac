import type { LoaderFunctionArgs } from "@remix-run/node";

import { requireUser } from "~/auth/guards.server";
import { transcriptXlsxResponse } from "~/progress/transcript-download.server";

export async function loader(args: LoaderFunctionArgs) {
  return transcriptXlsxResponse(requireUser(args).id, new URL(args.request.url));
}
