import { isRole, ROLE_LABELS } from "~/auth/roles";
import type { AuthUser } from "~/auth/session.server";
import type { Table } from "~/exports/export.server";
import { usersForExport } from "~/org/users.server";

/** The user list with its filters as an export table (every match, not one page). */
export function usersTable(options: {
  actor: AuthUser;
  q: string;
  unitId: string;
  status: "active" | "inactive" | "all";
}): Table {
  async function* rows() {
    for await (const u of usersForExport(options))
      yield [
        u.fullName,
        u.email,
        u.unit.name,
        u.position,
        u.roles
          .map((r) => r.role)
          .filter(isRole)
          .map((r) => ROLE_LABELS[r])
          .join(", "),
        u.active ? "Hoạt động" : "Đã vô hiệu hóa",
      ];
  }
  return {
    title: "Danh sách người dùng",
    header: ["Họ và tên", "Email", "Đơn vị", "Chức vụ", "Vai trò", "Trạng thái"],
    rows: rows(),
  };
}
