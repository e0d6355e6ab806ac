import { listUserCertificates } from "~/certificates/certificates.server";
import { csvDocument } from "~/exports/csv";
import { listMyCourses } from "~/progress/progress.server";
import { formatDate } from "~/utils/dates";
import { formatPercent } from "~/utils/format";

export type TranscriptRow = {
  course: string;
  hours: number;
  status: string;
  bestScore: string;
  completedOn: string;
  certificate: string;
};

/** Every course the learner has touched: status, best final score, completion date, certificate. */
export async function getTranscript(userId: string): Promise<TranscriptRow[]> {
  const [courses, certificates] = await Promise.all([listMyCourses(userId), listUserCertificates(userId)]);
  return courses.map((c) => {
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
}

/** UTF-8 with a byte-order mark, so Excel opens it with the diacritics intact (the one CSV writer). */
export function transcriptCsv(rows: TranscriptRow[]) {
  return csvDocument(
    ["Khóa học", "Số giờ", "Trạng thái", "Điểm thi cao nhất", "Ngày hoàn thành", "Số hiệu chứng nhận"],
    rows.map((r) => [r.course, r.hours, r.status, r.bestScore, r.completedOn, r.certificate]),
  );
}
