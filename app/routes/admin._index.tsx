import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

import { requireUserWithRole, scopePathFor } from "~/auth/guards.server";
import { hasRole } from "~/auth/roles";
import { getScopeSummary } from "~/org/summary.server";

export const meta: MetaFunction = () => [{ title: "Quản lý – Học Dân vận" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = requireUserWithRole(args, ["ADMIN", "UNIT_MANAGER"]);
  return { summary: await getScopeSummary(scopePathFor(user)), isAdmin: hasRole(user, "ADMIN") };
}

export default function AdminHome() {
  const { summary, isAdmin } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Tổng quan</h1>
      <div className="grid">
        <div className="card">
          <p className="stat">{summary.activeUsers}</p>
          <p>người dùng đang hoạt động</p>
        </div>
        <div className="card">
          <p className="stat">{summary.inactiveUsers}</p>
          <p>tài khoản đã vô hiệu hóa</p>
        </div>
        <div className="card">
          <p className="stat">{summary.units}</p>
          <p>đơn vị</p>
        </div>
      </div>
      <h2>Việc thường làm</h2>
      <ul>
        <li>
          <a href="/admin/users/new">Tạo tài khoản người dùng</a>
        </li>
        <li>
          <a href="/admin/users">Tìm và chỉnh sửa người dùng</a>
        </li>
        {isAdmin ? (
          <li>
            <a href="/admin/units/new">Thêm đơn vị</a>
          </li>
        ) : null}
      </ul>
    </>
  );
}
