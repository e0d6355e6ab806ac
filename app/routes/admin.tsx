import type { LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";

import { requireUserWithRole } from "~/auth/guards.server";
import { hasRole } from "~/auth/roles";

export async function loader(args: LoaderFunctionArgs) {
  const user = requireUserWithRole(args, ["ADMIN", "UNIT_MANAGER"]);
  return { isAdmin: hasRole(user, "ADMIN"), unitName: user.unitName };
}

export default function AdminLayout() {
  const { isAdmin, unitName } = useLoaderData<typeof loader>();
  return (
    <div className="container">
      <nav aria-label="Quản lý" className="sub-nav">
        <ul>
          <li>
            <NavLink to="/admin" end>
              Tổng quan
            </NavLink>
          </li>
          <li>
            <NavLink to="/admin/users">Người dùng</NavLink>
          </li>
          <li>
            <NavLink to="/admin/units">Đơn vị</NavLink>
          </li>
          <li>
            <NavLink to="/admin/assignments">Đợt học tập</NavLink>
          </li>
          <li>
            <NavLink to="/admin/reports">Báo cáo</NavLink>
          </li>
          {isAdmin ? (
            <li>
              <NavLink to="/admin/certificates">Chứng nhận</NavLink>
            </li>
          ) : null}
          {isAdmin ? (
            <li>
              <NavLink to="/admin/audit">Nhật ký</NavLink>
            </li>
          ) : null}
          {isAdmin ? (
            <li>
              <NavLink to="/admin/xapi">xAPI</NavLink>
            </li>
          ) : null}
        </ul>
        <p className="muted sub-nav-scope">
          {isAdmin ? "Phạm vi: toàn hệ thống" : `Phạm vi: ${unitName} và các đơn vị trực thuộc`}
        </p>
      </nav>
      <Outlet />
    </div>
  );
}
