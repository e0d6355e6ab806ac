import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";

import { auditActions, listAuditEvents, parseAuditFilters } from "~/audit/audit.server";
import { auditActionLabel } from "~/audit/labels";
import { requireUserWithRole } from "~/auth/guards.server";
import { formatDateTime } from "~/utils/dates";

export const meta: MetaFunction = () => [{ title: "Nhật ký thao tác – Học Dân vận" }];

export async function loader(args: LoaderFunctionArgs) {
  requireUserWithRole(args, "ADMIN");
  const url = new URL(args.request.url);
  const filters = parseAuditFilters(url);
  const page = Number.parseInt(url.searchParams.get("page") ?? "1", 10) || 1;
  const [result, actions] = await Promise.all([listAuditEvents({ ...filters, page }), auditActions()]);
  return {
    ...result,
    entries: result.entries.map((e) => ({ ...e, at: formatDateTime(e.at), label: auditActionLabel(e.action) })),
    actions: actions.map((a) => ({ value: a, label: auditActionLabel(a) })),
    filters,
  };
}

export default function AuditLog() {
  const { entries, total, page, pageCount, actions, filters } = useLoaderData<typeof loader>();
  const query = (extra: Record<string, string> = {}) => new URLSearchParams({ ...filters, ...extra }).toString();
  return (
    <>
      <h1>Nhật ký thao tác</h1>
      <p className="muted">
        Mọi thao tác quản trị và biên soạn: ai, làm gì, với đối tượng nào, trước → sau, lúc nào, từ địa chỉ nào. Nhật ký
        chỉ được ghi thêm, không ai sửa hay xóa được.
      </p>
      <Form method="get" className="filters" role="search" aria-label="Lọc nhật ký">
        <div className="field">
          <label htmlFor="audit-actor">Người thực hiện (tên hoặc email)</label>
          <input id="audit-actor" type="search" name="actor" defaultValue={filters.actor} />
        </div>
        <div className="field">
          <label htmlFor="audit-action">Thao tác</label>
          <select id="audit-action" name="action" defaultValue={filters.action}>
            <option value="">Tất cả</option>
            {actions.map((a) => (
              <option key={a.value} value={a.value}>
                {a.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-target">Đối tượng (loại, mã, hoặc loại:mã)</label>
          <input id="audit-target" type="search" name="target" defaultValue={filters.target} />
        </div>
        <div className="field">
          <label htmlFor="audit-from">Từ ngày</label>
          <input id="audit-from" type="date" name="from" defaultValue={filters.from} />
        </div>
        <div className="field">
          <label htmlFor="audit-to">Đến ngày</label>
          <input id="audit-to" type="date" name="to" defaultValue={filters.to} />
        </div>
        <button type="submit" className="button button-secondary">
          Lọc
        </button>
      </Form>
      <p className="muted" role="status">
        Tìm thấy {total} mục.
      </p>
      <p>
        Tải về: <a href={`/admin/audit.csv?${query()}`}>CSV</a>
      </p>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Nhật ký thao tác</caption>
          <thead>
            <tr>
              <th scope="col">Thời điểm</th>
              <th scope="col">Người thực hiện</th>
              <th scope="col">Thao tác</th>
              <th scope="col">Đối tượng</th>
              <th scope="col">Thay đổi</th>
              <th scope="col">Địa chỉ IP</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <td>{e.at}</td>
                <td>{e.actor ? `${e.actor.fullName} (${e.actor.email})` : "Hệ thống"}</td>
                <td>
                  {e.label}
                  <div className="muted">{e.action}</div>
                </td>
                <td>
                  {e.targetType}:{e.targetId}
                </td>
                <td>
                  {e.changes.map((c, i) => (
                    <div key={i}>{c}</div>
                  ))}
                </td>
                <td>{e.ip || "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pageCount > 1 ? (
        <nav className="pagination" aria-label="Phân trang">
          {page > 1 ? <a href={`/admin/audit?${query({ page: String(page - 1) })}`}>‹ Trang trước</a> : null}
          <span>
            Trang {page}/{pageCount}
          </span>
          {page < pageCount ? <a href={`/admin/audit?${query({ page: String(page + 1) })}`}>Trang sau ›</a> : null}
        </nav>
      ) : null}
    </>
  );
}
