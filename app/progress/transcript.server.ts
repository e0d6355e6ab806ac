import { listUserCertificates } from "~/certificates/certificates.server";
import { type CsvDelimiter, csvDocument } from "~/exports/csv";
import { listMyCourses } from "~/progress/progress.server";
import { formatDate, vietnamDayEnd, vietnamDayStart } from "~/utils/dates";
import { formatPercent } from "~/utils/format";

export type TranscriptRow = {
  course: string;
  hours: number;
  status: string;
  bestScore: string;
  completedOn: string;
  certificate: string;
};

/** A period of completion dates, as calendar days in Vietnam ("2026-01-01"); empty = open. */
export type TranscriptPeriod = { from: string; to: string };

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const day = (value: string | null) => (value && DAY.test(value) && !Number.isNaN(Date.parse(value)) ? value : "");

/** The period from a transcript URL's `from`/`to` (the page and every download read it the same way). */
export function parseTranscriptPeriod(url: URL): TranscriptPeriod {
  return { from: day(url.searchParams.get("from")), to: day(url.searchParams.get("to")) };
}

export const transcriptQuery = (period: TranscriptPeriod, extra: Record<string, string> = {}) => {
  const params = new URLSearchParams(extra);
  if (period.from) params.set("from", period.from);
  if (period.to) params.set("to", period.to);
  const s = params.toString();
  return s ? `?${s}` : "";
};

/**
 * Every course the learner has touched: status, best final score, completion date, certificate.
 * With a period, only the courses completed inside it: a transcript for a period is what was
 * credited then. The total counts the hours of completed courses only.
 */
export async function getTranscript(userId: string, period: TranscriptPeriod = { from: "", to: "" }) {
  const [courses, certificates] = await Promise.all([listMyCourses(userId), listUserCertificates(userId)]);
  const from = period.from ? vietnamDayStart(period.from) : null;
  const to = period.to ? vietnamDayEnd(period.to) : null;
  const inPeriod = (c: (typeof courses)[number]) =>
    (!from && !to) ||
    (!!c.completion && (!from || c.completion.completedAt >= from) && (!to || c.completion.completedAt <= to));
  const shown = courses.filter(inPeriod);
  const rows: TranscriptRow[] = shown.map((c) => {
    const cert = certificates.find((x) => x.data.course.id === c.course.id && !x.revokedAt);
    const best = c.exam?.best ?? null;
    return {
      course: c.course.title,
      hours: c.course.hours,
      status: c.completion ? "Đã hoàn thành" : c.percent > 0 ? `Đang học (${c.percent}%)` : "Đã ghi danh",
      bestScore: best !== null ? formatPercent(best) : "",
      completedOn: c.completion ? formatDate(c.completion.completedAt) : "",
      certificate: cert?.serial ?? "",
    };
  });
  const creditedHours = shown.reduce((sum, c) => sum + (c.completion ? c.course.hours : 0), 0);
  return { rows, creditedHours, period };
}

export type Transcript = Awaited<ReturnType<typeof getTranscript>>;

export const TRANSCRIPT_HEADER = [
  "Khóa học",
  "Số giờ",
  "Trạng thái",
  "Điểm thi cao nhất",
  "Ngày hoàn thành",
  "Số hiệu chứng nhận",
];

/** The table's rows and, last, the total of credited hours: the same cells for CSV and XLSX. */
export function transcriptCells(transcript: Transcript) {
  return [
    ...transcript.rows.map((r) => [r.course, r.hours, r.status, r.bestScore, r.completedOn, r.certificate]),
    ["Tổng số giờ được công nhận", transcript.creditedHours, "", "", "", ""],
  ];
}

/** UTF-8 with a byte-order mark, so Excel opens it with the diacritics intact (the one CSV writer). */
export function transcriptCsv(transcript: Transcript, delimiter: CsvDelimiter = ",") {
  return csvDocument(TRANSCRIPT_HEADER, transcriptCells(transcript), delimiter);
}
