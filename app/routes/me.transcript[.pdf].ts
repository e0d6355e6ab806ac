import type { LoaderFunctionArgs } from "@remix-run/node";

import { requireUser } from "~/auth/guards.server";
import { getTranscript } from "~/progress/transcript.server";
import { transcriptPdf } from "~/progress/transcript-pdf.server";

export async function loader(args: LoaderFunctionArgs) {
  const user = requireUser(args);
  const pdf = await transcriptPdf({
    learner: { name: user.fullName, unit: user.unitName, email: user.email },
    rows: await getTranscript(user.id),
  });
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": 'attachment; filename="ket-qua-hoc-tap.pdf"',
      "Cache-Control": "private, no-store",
    },
  });
}
