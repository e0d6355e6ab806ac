import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";

import { requireUserWithRole, scopePathFor } from "~/auth/guards.server";
import { isRole, ROLE_LABELS } from "~/auth/roles";
import { listUnits, toUnitOptions } from "~/org/units.server";
import { parseUserFilters } from "~/org/user-filters";
import { listUsers } from "~/org/users.server";

export const meta: MetaFunction = () => [{ title: "Người dùng – Học Dân vận" }];

export async function loader(args: LoaderFunctionArgs) {
  const actor = requireUserWithRole(args, ["ADMIN", "UNIT_MANAGER"]);
  const url = new URL(args.request.url);
  const { q, unitId, status } = parseUserFilters(url);
  const page = Number.parseInt(url.searchParams.get("page") ?? "1", 10) || 1;
  const [result, units] = await Promise.all([
    listUsers({ actor, q, unitId, status, page }),
    listUnits({ withinPath: scopePathFor(actor) }),
  ]);
  return {
    ...result,
    units: toUnitOptions(units),
    filters: { q, unitId, status },
  };
}

function pageHref(filters: { q: string; unitId: string; status: string }, page: number) {
  const params = new URLSearchParams({ ...filters, page: String(page) });
  return `/admin/users?${params}`;
}

export default function UsersList() {
  const { users, total, page, pageCount, units, filters } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head">
        <h1>Người dùng</h1>
        <a className="button" href="/admin/users/new">
          Tạo tài khoản
        </a>
      </div>
      <Form method="get" className="filters" role="search" aria-label="Lọc người dùng">
        <div className="field">
          <label htmlFor="filter-q">Tìm theo tên, email, chức vụ</label>
          <input id="filter-q" type="search" name="q" defaultValue={filters.q} />
        </div>
        <div className="field">
          <label htmlFor="filter-unit">Đơn vị</label>
          <select id="filter-unit" name="unitId" defaultValue={filters.unitId}>
            <option value="">Tất cả trong phạm vi</option>
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-status">Trạng thái</label>
          <select id="filter-status" name="status" defaultValue={filters.status}>
            <option value="active">Đang hoạt động</option>
            <option value="inactive">Đã vô hiệu hóa</option>
            <option value="all">Tất cả</option>
          </select>
        </div>
        <button type="submit" className="button button-secondary">
          Lọc
        </button>
      </Form>
      <p className="muted" role="status">
        Tìm thấy {total} người dùng.
      </p>
      <p>
        Tải danh sách về: <a href={`/admin/users.csv?${new URLSearchParams(filters)}`}>CSV</a> ·{" "}
        <a href={`/admin/users.xlsx?${new URLSearchParams(filters)}`}>Excel (XLSX)</a>
      </p>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Danh sách người dùng</caption>
          <thead>
            <tr>
              <th scope="col">Họ và tên</th>
              <th scope="col">Email</th>
              <th scope="col">Đơn vị, chức vụ</th>
              <th scope="col">Vai trò</th>
              <th scope="col">Trạng thái</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>
                  <a href={`/admin/users/${u.id}`}>{u.fullName}</a>
                </td>
                <td>{u.email}</td>
                <td>
                  {u.unit.name}
                  {u.position ? <div className="muted">{u.position}</div> : null}
                </td>
                <td>
                  {u.roles
                    .map((r) => r.role)
                    .filter(isRole)
                    .map((r) => ROLE_LABELS[r])
                    .join(", ")}
                </td>
                <td>
                  {u.active ? (
                    <span className="badge badge-ok">Hoạt động</span>
                  ) : (
                    <span className="badge badge-off">Đã vô hiệu hóa</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pageCount > 1 ? (
        <nav className="pagination" aria-label="Phân trang">
          {page > 1 ? <a href={pageHref(filters, page - 1)}>‹ Trang trước</a> : null}
          <span>
            Trang {page}/{pageCount}
          </span>
          {page < pageCount ? <a href={pageHref(filters, page + 1)}>Trang sau ›</a> : null}
        </nav>
      ) : null}
    </>
  );
}
