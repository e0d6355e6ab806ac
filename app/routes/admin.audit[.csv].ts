import type { LoaderFunctionArgs } from "@remix-run/node";

import { auditEventsForExport, parseAuditFilters } from "~/audit/audit.server";
import { auditActionLabel } from "~/audit/labels";
import { requireUserWithRole } from "~/auth/guards.server";
import { tableResponse } from "~/exports/export.server";
import { formatDateTime } from "~/utils/dates";

/** The audit log with the page's filters, as CSV (the one CSV writer: BOM, CRLF, formula-safe). */
export async function loader(args: LoaderFunctionArgs) {
  requireUserWithRole(args, "ADMIN");
  const filters = parseAuditFilters(new URL(args.request.url));
  async function* rows() {
    for await (const e of auditEventsForExport(filters)) {
      yield [
        e.id,
        formatDateTime(e.at),
        e.actor?.fullName ?? "Hệ thống",
        e.actor?.email ?? "",
        e.action,
        auditActionLabel(e.action),
        e.targetType,
        e.targetId,
        e.changes.join("\n"),
        e.ip,
      ];
    }
  }
  return tableResponse("csv", {
    title: "Nhật ký thao tác",
    header: [
      "Mã",
      "Thời điểm",
      "Người thực hiện",
      "Email",
      "Thao tác",
      "Tên thao tác",
      "Loại đối tượng",
      "Mã đối tượng",
      "Thay đổi",
      "IP",
    ],
    rows: rows(),
  });
}
