import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";

import {
  assignableCourses,
  AssignmentFormSchema,
  getAssignment,
  setAssignmentClosed,
  updateAssignment,
} from "~/assignments/assignments.server";
import { notifyAssignmentSoon } from "~/assignments/reminders.server";
import { notFound, requireUserWithRole, scopePathFor } from "~/auth/guards.server";
import { AssignmentForm } from "~/components/assignment-form";
import { Breadcrumb } from "~/components/breadcrumb";
import { listUnits } from "~/org/units.server";
// Labels from the server-free module: a .server import is stripped from the browser bundle.
import { STATUS_LABEL, STATUSES_LIST } from "~/reports/labels";
import { completionReport, rates } from "~/reports/reports.server";
import { formatDate, formatDateTime, toDayInput } from "~/utils/dates";
import { parseForm } from "~/utils/forms";
import { runFormAction } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Đợt học tập – Học Dân vận" }];

export async function loader(args: LoaderFunctionArgs) {
  const actor = requireUserWithRole(args, ["ADMIN", "UNIT_MANAGER"]);
  // Assignments outside the actor's scope are "not found", like ids that do not exist.
  const a = await getAssignment(actor, args.params.assignmentId ?? "");
  if (!a) notFound("Không tìm thấy đợt học tập.");
  const [courses, units, report] = await Promise.all([
    assignableCourses(),
    listUnits({ withinPath: scopePathFor(actor) }),
    // The assignment's own figures, within the actor's scope: the same numbers as /admin/reports.
    completionReport({ actor, filters: { assignmentId: a.id, subtree: true, now: new Date() } }),
  ]);
  const total = report.base.total;
  const r = rates(total);
  const figures = {
    counted: total.counted,
    not_started: total.notStarted,
    in_progress: total.inProgress,
    completed: total.completed,
    overdue: total.overdue,
    completionRate: r.completionRate === null ? null : Math.round(r.completionRate * 10) / 10,
    passRate: r.passRate === null ? null : Math.round(r.passRate * 10) / 10,
    averageScore: r.averageScore === null ? null : Math.round(r.averageScore * 10) / 10,
  };
  return {
    assignment: {
      id: a.id,
      title: a.title,
      note: a.note,
      course: a.course,
      startAt: formatDate(a.startAt),
      dueAt: formatDate(a.dueAt),
      closedAt: a.closedAt ? formatDateTime(a.closedAt) : null,
      createdBy: a.createdBy.fullName,
      createdAt: formatDateTime(a.createdAt),
      memberCount: a.memberCount,
      units: a.units.map((u) => ({ name: u.unit.name, includeSubtree: u.includeSubtree })),
      users: a.users.map((u) => ({ fullName: u.user.fullName, email: u.user.email })),
    },
    defaults: {
      courseId: a.courseId,
      title: a.title,
      note: a.note,
      startAt: toDayInput(a.startAt),
      dueAt: toDayInput(a.dueAt),
      unitIds: a.units.map((u) => u.unitId),
      subtreeUnitIds: a.units.filter((u) => u.includeSubtree).map((u) => u.unitId),
      userEmails: a.users.map((u) => u.user.email).join("\n"),
    },
    figures,
    courses,
    units: units.map((u) => ({ id: u.id, name: u.name, depth: u.depth })),
    notice: new URL(args.request.url).searchParams.get("notice"),
  };
}

export async function action(args: ActionFunctionArgs) {
  const actor = requireUserWithRole(args, ["ADMIN", "UNIT_MANAGER"]);
  const assignmentId = args.params.assignmentId ?? "";
  if (!(await getAssignment(actor, assignmentId))) notFound("Không tìm thấy đợt học tập.");
  const formData = await args.request.formData();
  const intent = formData.get("intent");
  return runFormAction(formData, async () => {
    if (intent === "close" || intent === "reopen") {
      await setAssignmentClosed({
        actor: { ...actor, ip: args.context.clientIp },
        assignmentId,
        closed: intent === "close",
      });
      if (intent !== "close") notifyAssignmentSoon(assignmentId);
      return redirect(`/admin/assignments/${assignmentId}?notice=${intent === "close" ? "closed" : "reopened"}`);
    }
    const parsed = parseForm(formData, AssignmentFormSchema, { arrays: ["unitIds", "subtreeUnitIds"] });
    if (!parsed.ok) return data(parsed, { status: 400 });
    await updateAssignment({ ...actor, ip: args.context.clientIp }, assignmentId, parsed.data);
    notifyAssignmentSoon(assignmentId);
    return redirect(`/admin/assignments/${assignmentId}?notice=saved`);
  });
}

const NOTICES: Record<string, string> = {
  created: "Đã giao khóa học. Người được giao đã được ghi danh và thấy khóa học trên trang của mình.",
  saved: "Đã lưu thay đổi. Tiến độ học tập của mọi người được giữ nguyên.",
  closed: "Đã đóng đợt học tập. Kết quả và tiến độ vẫn được giữ nguyên.",
  reopened: "Đã mở lại đợt học tập.",
};

export default function AssignmentPage() {
  const { assignment: a, figures, defaults, courses, units, notice } = useLoaderData<typeof loader>();
  const report = (suffix: string, status?: string) =>
    `/admin/reports${suffix}?assignmentId=${a.id}${status ? `&status=${status}` : ""}`;
  const actionData = useActionData<typeof action>();
  const failure = actionData?.ok === false ? actionData : undefined;
  return (
    <>
      <Breadcrumb
        items={[
          { label: "Đợt học tập", href: "/admin/assignments" },
          { label: a.title, current: true },
        ]}
      />
      <div className="page-head">
        <h1>{a.title}</h1>
        {a.closedAt ? (
          <span className="badge badge-off">Đã đóng lúc {a.closedAt}</span>
        ) : (
          <span className="badge badge-ok">Đang mở</span>
        )}
      </div>
      {notice && NOTICES[notice] ? (
        <div className="alert alert-success" role="status">
          {NOTICES[notice]}
        </div>
      ) : null}
      <dl className="card">
        <dt>Khóa học</dt>
        <dd>
          <a href={`/courses/${a.course.id}`}>{a.course.title}</a>
        </dd>
        <dt>Thời gian</dt>
        <dd>
          Từ {a.startAt}, hạn hoàn thành {a.dueAt}
        </dd>
        {a.note ? (
          <>
            <dt>Ghi chú</dt>
            <dd>{a.note}</dd>
          </>
        ) : null}
        <dt>Đối tượng</dt>
        <dd>
          {[
            ...a.units.map((u) => (u.includeSubtree ? `${u.name} (kèm đơn vị trực thuộc)` : u.name)),
            ...a.users.map((u) => `${u.fullName} (${u.email})`),
          ].join("; ")}
        </dd>
        <dt>Số người hiện được giao</dt>
        <dd>
          {a.memberCount} (<a href={`/admin/reports?assignmentId=${a.id}`}>xem báo cáo tiến độ của đợt</a>)
        </dd>
        <dt>Người tạo</dt>
        <dd>
          {a.createdBy}, {a.createdAt}
        </dd>
      </dl>
      <h2>Tiến độ của đợt</h2>
      <table className="table">
        <caption>Số người theo trạng thái (mỗi người một lần; người đã ngừng hoạt động không được tính)</caption>
        <thead>
          <tr>
            <th scope="col">Trạng thái</th>
            <th scope="col">Số người</th>
            <th scope="col">Tải danh sách</th>
          </tr>
        </thead>
        <tbody>
          {STATUSES_LIST.map((status) => (
            <tr key={status}>
              <th scope="row">{STATUS_LABEL[status]}</th>
              <td>
                <a href={report("", status)}>{figures[status]}</a>
              </td>
              <td>
                <a href={report(".csv", status)}>CSV</a> · <a href={report(".xlsx", status)}>Excel (XLSX)</a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        Tỷ lệ hoàn thành: {figures.completionRate ?? "—"}
        {figures.completionRate === null ? "" : " %"}; tỷ lệ đạt bài thi cuối khóa: {figures.passRate ?? "—"}
        {figures.passRate === null ? "" : " %"}; điểm thi cuối khóa trung bình: {figures.averageScore ?? "—"}
        {figures.averageScore === null ? "" : " %"}.
      </p>
      <p>
        Tải số liệu theo đơn vị: <a href={report(".csv")}>CSV</a> · <a href={report(".xlsx")}>Excel (XLSX)</a>
      </p>
      <h2>Sửa đợt học tập</h2>
      <AssignmentForm
        mode="edit"
        courses={courses}
        units={units}
        defaults={defaults}
        values={failure?.values}
        errors={failure?.errors}
      />
      <section className="card" style={{ marginTop: 24 }}>
        <h2>{a.closedAt ? "Mở lại đợt học tập" : "Đóng đợt học tập"}</h2>
        <p className="muted">
          {a.closedAt
            ? "Đợt học tập sẽ lại đặt hạn hoàn thành cho người được giao."
            : "Đợt học tập không còn đặt hạn cho ai nữa; tiến độ, kết quả và chứng nhận của mọi người được giữ nguyên."}
        </p>
        <Form method="post">
          <input type="hidden" name="intent" value={a.closedAt ? "reopen" : "close"} />
          <button type="submit" className={a.closedAt ? "button" : "button button-danger"}>
            {a.closedAt ? "Mở lại" : "Đóng đợt học tập"}
          </button>
        </Form>
      </section>
    </>
  );
}
