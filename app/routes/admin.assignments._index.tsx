import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

import { listAssignments } from "~/assignments/assignments.server";
import { requireUserWithRole } from "~/auth/guards.server";
import { formatDate } from "~/utils/dates";

export const meta: MetaFunction = () => [{ title: "Đợt học tập – Học Dân vận" }];

export async function loader(args: LoaderFunctionArgs) {
  const actor = requireUserWithRole(args, ["ADMIN", "UNIT_MANAGER"]);
  const now = new Date();
  const assignments = await listAssignments({ actor });
  return {
    assignments: assignments.map((a) => ({
      id: a.id,
      title: a.title,
      course: a.course.title,
      startAt: formatDate(a.startAt),
      dueAt: formatDate(a.dueAt),
      state: (a.closedAt ? "closed" : a.dueAt < now ? "past" : "open") as "closed" | "past" | "open",
      audience: [
        ...a.units.map((u) => (u.includeSubtree ? `${u.unit.name} (kèm trực thuộc)` : u.unit.name)),
        ...(a._count.users ? [`${a._count.users} người được giao đích danh`] : []),
      ].join("; "),
      memberCount: a.memberCount,
    })),
  };
}

const STATE = { open: "Đang diễn ra", past: "Đã quá hạn", closed: "Đã đóng" } as const;

export default function Assignments() {
  const { assignments } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head">
        <h1>Đợt học tập</h1>
        <a className="button" href="/admin/assignments/new">
          Giao khóa học
        </a>
      </div>
      <p>
        Tải về: <a href="/admin/assignments.csv">CSV</a> · <a href="/admin/assignments.xlsx">Excel (XLSX)</a> ·{" "}
        <a href="/admin/reports">Xem báo cáo tiến độ</a>
      </p>
      {assignments.length === 0 ? (
        <p className="card">Chưa có đợt học tập nào. Bấm “Giao khóa học” để giao một khóa học có thời hạn.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Danh sách đợt học tập</caption>
            <thead>
              <tr>
                <th scope="col">Đợt học tập</th>
                <th scope="col">Khóa học</th>
                <th scope="col">Thời gian</th>
                <th scope="col">Đối tượng</th>
                <th scope="col">Số người</th>
                <th scope="col">Trạng thái</th>
              </tr>
            </thead>
            <tbody>
              {assignments.map((a) => (
                <tr key={a.id}>
                  <th scope="row">
                    <a href={`/admin/assignments/${a.id}`}>{a.title}</a>
                  </th>
                  <td>{a.course}</td>
                  <td>
                    {a.startAt} – {a.dueAt}
                  </td>
                  <td>{a.audience}</td>
                  <td>
                    <a href={`/admin/reports?assignmentId=${a.id}&status=counted`}>{a.memberCount}</a>
                  </td>
                  <td>
                    <span className={a.state === "open" ? "badge badge-ok" : "badge badge-off"}>{STATE[a.state]}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
