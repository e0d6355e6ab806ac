import type { AuthUser } from "~/auth/session.server";
import type { Cell } from "~/exports/csv";
import type { Table } from "~/exports/export.server";
import { type ReportQuery, toFilters } from "~/reports/filters";
import { STATUS_LABEL } from "~/reports/labels";
import { completionReport, peopleForExport, rates, type ReportRow } from "~/reports/reports.server";
import { formatDate, formatDateTime } from "~/utils/dates";

const round1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

export const SUMMARY_HEADER = [
  "Đơn vị",
  "Khóa học / đợt học tập",
  "Số người được tính",
  "Chưa bắt đầu",
  "Đang học",
  "Đã hoàn thành",
  "Quá hạn",
  "Tỷ lệ hoàn thành (%)",
  "Tỷ lệ đạt bài thi cuối khóa (%)",
  "Điểm thi cuối khóa trung bình (%)",
];

export const PEOPLE_HEADER = [
  "Họ và tên",
  "Email",
  "Chức vụ",
  "Đơn vị",
  "Khóa học",
  "Trạng thái",
  "Quá hạn",
  "Hạn hoàn thành",
  "Tiến độ (%)",
  "Bài học đã xong",
  "Bài kiểm tra đã đạt",
  "Điểm thi cuối khóa cao nhất (%)",
  "Hoạt động gần nhất",
  "Ngày hoàn thành",
  "Số hiệu chứng nhận",
];

const PERSON_STATUS = { not_started: "Chưa bắt đầu", in_progress: "Đang học", completed: "Đã hoàn thành" } as const;

/** What a report URL exports: its people list when a status is chosen, else its figures. */
export async function reportTable(options: { actor: AuthUser; query: ReportQuery; now: Date }): Promise<Table> {
  const { actor, query, now } = options;
  const filters = toFilters(query, now);
  if (query.status) {
    const people = peopleForExport({ actor, filters, status: query.status });
    // Fail before the first byte when the scope is refused: pull the first row now.
    const first = await people.next();
    async function* rows(): AsyncGenerator<Cell[]> {
      let item = first;
      while (!item.done) {
        const r = item.value;
        yield [
          r.fullName,
          r.email,
          r.position,
          r.unitName,
          r.courseTitle,
          PERSON_STATUS[r.status],
          r.overdue ? "Có" : "",
          r.dueAt ? formatDate(r.dueAt) : "",
          r.percent,
          `${r.lessonsDone}/${r.lessonsTotal}`,
          `${r.quizzesPassed}/${r.quizzesTotal}`,
          r.examBest,
          r.lastActivityAt ? formatDateTime(r.lastActivityAt) : "",
          r.completedAt ? formatDate(r.completedAt) : "",
          r.certificate ?? "",
        ];
        item = await people.next();
      }
    }
    return { title: `Danh sách ${STATUS_LABEL[query.status].toLowerCase()}`, header: PEOPLE_HEADER, rows: rows() };
  }
  const report = await completionReport({ actor, filters });
  const rowsOut: Cell[][] = [];
  const emit = (row: ReportRow, label: string) => {
    for (const key of report.keys) {
      const c = row.byKey[key.id];
      if (!c) continue;
      const r = rates(c);
      rowsOut.push([
        label,
        key.title,
        c.counted,
        c.notStarted,
        c.inProgress,
        c.completed,
        c.overdue,
        round1(r.completionRate),
        round1(r.passRate),
        round1(r.averageScore),
      ]);
    }
  };
  emit(report.base, report.base.unit?.name ?? "Toàn bộ phạm vi");
  for (const child of report.children) emit(child, child.unit!.name);
  return { title: "Báo cáo tiến độ học tập", header: SUMMARY_HEADER, rows: rowsOut };
}
