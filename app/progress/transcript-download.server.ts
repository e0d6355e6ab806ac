import { xlsxResponse } from "~/exports/export.server";
import {
  getTranscript,
  parseTranscriptPeriod,
  TRANSCRIPT_HEADER,
  transcriptCells,
  transcriptCsv,
} from "~/progress/transcript.server";
import { transcriptPdf } from "~/progress/transcript-pdf.server";

/**
 * The transcript downloads, the same for the learner (/me/transcript.csv|.xlsx|.pdf) and for whoever
 * may manage them (/admin/users/:userId/transcript.…): one generator, one set of headers. Each
 * takes the page's period (`from`, `to`); the CSV takes `sep=semicolon` for Excel with Vietnamese
 * regional settings, whose list separator is `;` (a parameter, so the URL of the file stays one).
 */
const headers = (type: string, file: string) => ({
  "Content-Type": type,
  "Content-Disposition": `attachment; filename="${file}"`,
  "Cache-Control": "private, no-store",
});

export async function transcriptCsvResponse(userId: string, url: URL) {
  const transcript = await getTranscript(userId, parseTranscriptPeriod(url));
  const delimiter = url.searchParams.get("sep") === "semicolon" ? ";" : ",";
  return new Response(transcriptCsv(transcript, delimiter), {
    headers: headers("text/csv; charset=utf-8", "ket-qua-hoc-tap.csv"),
  });
}

export async function transcriptXlsxResponse(userId: string, url: URL) {
  const transcript = await getTranscript(userId, parseTranscriptPeriod(url));
  return xlsxResponse({ title: "Kết quả học tập", header: TRANSCRIPT_HEADER, rows: transcriptCells(transcript) });
}

export async function transcriptPdfResponse(
  learner: { id: string; name: string; unit: string; email: string },
  url: URL,
) {
  const { id, ...shown } = learner;
  const transcript = await getTranscript(id, parseTranscriptPeriod(url));
  const pdf = await transcriptPdf({
    learner: shown,
    rows: transcript.rows,
    creditedHours: transcript.creditedHours,
    period: transcript.period,
  });
  return new Response(new Uint8Array(pdf), { headers: headers("application/pdf", "ket-qua-hoc-tap.pdf") });
}
