import { getTranscript, transcriptCsv } from "~/progress/transcript.server";
import { transcriptPdf } from "~/progress/transcript-pdf.server";

/**
 * The transcript downloads, the same for the learner (/me/transcript.csv|.pdf) and for whoever may
 * manage them (/admin/users/:userId/transcript.csv|.pdf): one generator, one set of headers.
 */
const headers = (type: string, file: string) => ({
  "Content-Type": type,
  "Content-Disposition": `attachment; filename="${file}"`,
  "Cache-Control": "private, no-store",
});

export async function transcriptCsvResponse(userId: string) {
  return new Response(transcriptCsv(await getTranscript(userId)), {
    headers: headers("text/csv; charset=utf-8", "ket-qua-hoc-tap.csv"),
  });
}

export async function transcriptPdfResponse(learner: { id: string; name: string; unit: string; email: string }) {
  const { id, ...shown } = learner;
  const pdf = await transcriptPdf({ learner: shown, rows: await getTranscript(id) });
  return new Response(new Uint8Array(pdf), { headers: headers("application/pdf", "ket-qua-hoc-tap.pdf") });
}
