import { listAssignments } from "~/assignments/assignments.server";
import type { AuthUser } from "~/auth/session.server";
import type { Table } from "~/exports/export.server";
import { formatDate } from "~/utils/dates";

/** The assignments the actor may see, as an export table. */
export async function assignmentsTable(actor: AuthUser): Promise<Table> {
  const assignments = await listAssignments({ actor });
  return {
    title: "Danh sách đợt học tập",
    header: [
      "Đợt học tập",
      "Khóa học",
      "Ngày bắt đầu",
      "Hạn hoàn thành",
      "Đã đóng",
      "Đối tượng",
      "Số người",
      "Ghi chú",
      "Người tạo",
    ],
    rows: assignments.map((a) => [
      a.title,
      a.course.title,
      formatDate(a.startAt),
      formatDate(a.dueAt),
      a.closedAt ? formatDate(a.closedAt) : "",
      a.units.map((u) => (u.includeSubtree ? `${u.unit.name} (kèm trực thuộc)` : u.unit.name)).join("; "),
      a.memberCount,
      a.note,
      a.createdBy.fullName,
    ]),
  };
}
