import type { LoaderFunctionArgs } from "@remix-run/node";

import { requireUser } from "~/auth/guards.server";
import { getTranscript, transcriptCsv } from "~/progress/transcript.server";

export async function loader(args: LoaderFunctionArgs) {
  const user = requireUser(args);
  return new Response(transcriptCsv(await getTranscript(user.id)), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="ket-qua-hoc-tap.csv"',
      "Cache-Control": "private, no-store",
    },
  });
}
