import type { LoaderFunctionArgs } from "@remix-run/node";

import { requireUser } from "~/auth/guards.server";
import { transcriptPdfResponse } from "~/progress/transcript-download.server";

export async function loader(args: LoaderFunctionArgs) {
  const user = requireUser(args);
  return transcriptPdfResponse(
    { id: user.id, name: user.fullName, unit: user.unitName, email: user.email },
    new URL(args.request.url),
  );
}
