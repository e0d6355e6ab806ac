import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";

import { assignableCourses, listAssignments } from "~/assignments/assignments.server";
import { requireUserWithRole, scopePathFor } from "~/auth/guards.server";
import { PercentBarChart } from "~/components/bar-chart";
import { Breadcrumb } from "~/components/breadcrumb";
import { listUnits } from "~/org/units.server";
import { parseReportQuery, reportHref, type ReportQuery, toFilters } from "~/reports/filters";
import { STATUS_LABEL, STATUSES_LIST } from "~/reports/labels";
import { completionReport, type Counts, peoplePage, rates, type ReportRow } from "~/reports/reports.server";
import { formatDate, formatDateTime } from "~/utils/dates";
import { formatNumber, formatPercent } from "~/utils/format";
import { runDomainLoader } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Báo cáo tiến độ – Học Dân vận" }];

export async function loader(args: LoaderFunctionArgs) {
  const actor = requireUserWithRole(args, ["ADMIN", "UNIT_MANAGER"]);
  const query = parseReportQuery(new URL(args.request.url));
  const now = new Date();
  const filters = toFilters(query, now);
  const [report, people, units, courses, assignments] = await runDomainLoader(() =>
    Promise.all([
      completionReport({ actor, filters }),
      query.status ? peoplePage({ actor, filters, status: query.status, page: query.page }) : null,
      listUnits({ withinPath: scopePathFor(actor) }),
      assignableCourses(),
      listAssignments({ actor }),
    ]),
  );
  const figures = (c: Counts | undefined) => {
    const counts = c ?? { counted: 0, notStarted: 0, inProgress: 0, completed: 0, overdue: 0 };
    const r = c ? rates(c) : { completionRate: null, passRate: null, averageScore: null };
    return {
      counted: counts.counted,
      not_started: counts.notStarted,
      in_progress: counts.inProgress,
      completed: counts.completed,
      overdue: counts.overdue,
      ...r,
    };
  };
  const rowsFor = (keyId: string | null) =>
    [report.base, ...report.children].map((row: ReportRow, i) => ({
      unitId: row.unit?.id ?? "",
      name: row.unit?.name ?? "Toàn bộ phạm vi",
      isBase: i === 0,
      drillable: i > 0 && (row.unit?.childCount ?? 0) > 0,
      ...figures(keyId ? row.byKey[keyId] : row.total),
    }));
  return {
    query,
    unit: report.base.unit ? { id: report.base.unit.id, name: report.base.unit.name } : null,
    breadcrumb: report.breadcrumb,
    byAssignment: report.byAssignment,
    tables: report.keys.map((k) => ({ id: k.id, title: k.title, rows: rowsFor(k.id) })),
    chart: rowsFor(null)
      .filter((r) => !r.isBase || report.children.length === 0)
      .map((r) => ({ label: r.name, value: r.completionRate })),
    people: people && {
      ...people,
      rows: people.rows.map((p) => ({
        userId: p.userId,
        fullName: p.fullName,
        unitName: p.unitName,
        position: p.position,
        courseTitle: p.courseTitle,
        status: p.status,
        overdue: p.overdue,
        dueAt: p.dueAt ? formatDate(p.dueAt) : "",
        percent: p.percent,
        lessons: `${p.lessonsDone}/${p.lessonsTotal}`,
        quizzes: `${p.quizzesPassed}/${p.quizzesTotal}`,
        examBest: p.examBest,
        examPassed: p.examPassed,
        lastActivity: p.lastActivityAt ? formatDateTime(p.lastActivityAt) : "",
        completedAt: p.completedAt ? formatDate(p.completedAt) : "",
        certificate: p.certificate,
      })),
    },
    options: {
      units: units.map((u) => ({ id: u.id, label: `${"— ".repeat(u.depth)}${u.name}` })),
      courses,
      assignments: assignments.map((a) => ({ id: a.id, label: `${a.title} – ${a.course.title}` })),
    },
  };
}

const COLUMNS = ["counted", "not_started", "in_progress", "completed", "overdue"] as const;
const PERSON_STATUS = { not_started: "Chưa bắt đầu", in_progress: "Đang học", completed: "Đã hoàn thành" } as const;
const rate = (v: number | null) => (v === null ? "—" : formatPercent(Math.round(v * 10) / 10));

export default function Reports() {
  const { query, unit, breadcrumb, tables, chart, people, options } = useLoaderData<typeof loader>();
  const here = (q: Partial<ReportQuery>) => reportHref("/admin/reports", { ...query, page: 1, ...q });
  const exportHref = (ext: "csv" | "xlsx") => reportHref(`/admin/reports.${ext}`, { ...query, page: 1 });
  return (
    <>
      <Breadcrumb
        items={[
          { label: "Báo cáo", href: reportHref("/admin/reports", { ...query, unitId: "", status: "", page: 1 }) },
          ...breadcrumb.map((b) => ({ label: b.name, href: here({ unitId: b.id, status: "" }) })),
          ...(unit ? [{ label: unit.name, current: true }] : []),
        ]}
      />
      <div className="page-head">
        <h1>Báo cáo tiến độ học tập{unit ? `: ${unit.name}` : ""}</h1>
        <p>
          Tải về: <a href={exportHref("csv")}>CSV</a> · <a href={exportHref("xlsx")}>Excel (XLSX)</a>
        </p>
      </div>
      <Form method="get" className="filters" role="search" aria-label="Lọc báo cáo">
        <div className="field">
          <label htmlFor="r-unit">Đơn vị</label>
          <select id="r-unit" name="unitId" defaultValue={query.unitId}>
            <option value="">Toàn bộ phạm vi</option>
            {options.units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field checkbox">
          <input id="r-subtree" type="checkbox" name="subtree" value="0" defaultChecked={!query.subtree} />
          <label htmlFor="r-subtree">Chỉ người thuộc trực tiếp đơn vị (không gồm đơn vị cấp dưới)</label>
        </div>
        <div className="field">
          <label htmlFor="r-course">Khóa học</label>
          <select id="r-course" name="courseId" defaultValue={query.courseId}>
            <option value="">Tất cả khóa học</option>
            {options.courses.map((c) => (
              <option key={c.id} value={c.id}>
                {c.title}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="r-assignment">Đợt học tập</label>
          <select id="r-assignment" name="assignmentId" defaultValue={query.assignmentId}>
            <option value="">Không chọn (theo khóa học)</option>
            {options.assignments.map((a) => (
              <option key={a.id} value={a.id}>
                {a.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="r-status">Danh sách người</label>
          <select id="r-status" name="status" defaultValue={query.status}>
            <option value="">Không hiện danh sách</option>
            {STATUSES_LIST.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABEL[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="r-from">Hạn hoàn thành từ ngày</label>
          <input id="r-from" type="date" name="from" defaultValue={query.from} />
        </div>
        <div className="field">
          <label htmlFor="r-to">đến ngày</label>
          <input id="r-to" type="date" name="to" defaultValue={query.to} />
        </div>
        <button type="submit" className="button button-secondary">
          Xem báo cáo
        </button>
      </Form>
      {tables.length === 0 ? (
        <p className="card">Chưa có ai được tính trong phạm vi và bộ lọc này.</p>
      ) : (
        <>
          <h2>Tỷ lệ hoàn thành theo đơn vị</h2>
          <PercentBarChart
            title={`Tỷ lệ hoàn thành${query.courseId ? "" : " (mọi khóa học)"} theo đơn vị${unit ? ` – ${unit.name}` : ""}`}
            bars={chart}
          />
          {tables.map((t) => (
            <section key={t.id} aria-labelledby={`t-${t.id}`}>
              <h2 id={`t-${t.id}`}>{t.title}</h2>
              <div className="table-wrap">
                <table>
                  <caption className="visually-hidden">Số liệu theo đơn vị: {t.title}</caption>
                  <thead>
                    <tr>
                      <th scope="col">Đơn vị</th>
                      {COLUMNS.map((c) => (
                        <th scope="col" key={c}>
                          {STATUS_LABEL[c]}
                        </th>
                      ))}
                      <th scope="col">Tỷ lệ hoàn thành</th>
                      <th scope="col">Tỷ lệ đạt bài thi</th>
                      <th scope="col">Điểm thi trung bình</th>
                    </tr>
                  </thead>
                  <tbody>
                    {t.rows.map((r) => (
                      <tr key={r.unitId || "scope"}>
                        <th scope="row">
                          {r.drillable ? <a href={here({ unitId: r.unitId, status: "" })}>{r.name}</a> : r.name}
                          {r.isBase && t.rows.length > 1 ? <span className="muted"> (tổng)</span> : null}
                        </th>
                        {COLUMNS.map((c) => (
                          <td key={c}>
                            {r[c] > 0 ? (
                              <a
                                href={here({
                                  unitId: r.unitId,
                                  subtree: r.isBase ? query.subtree : true,
                                  courseId: query.assignmentId ? query.courseId : t.id,
                                  status: c,
                                })}
                                aria-label={`${STATUS_LABEL[c]}: ${r[c]} người, ${r.name}`}
                              >
                                {formatNumber(r[c])}
                              </a>
                            ) : (
                              "0"
                            )}
                          </td>
                        ))}
                        <td>{rate(r.completionRate)}</td>
                        <td>{rate(r.passRate)}</td>
                        <td>{r.averageScore === null ? "—" : formatNumber(Math.round(r.averageScore * 10) / 10)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          ))}
        </>
      )}
      {people ? (
        <section aria-labelledby="people-title">
          <h2 id="people-title">
            {STATUS_LABEL[query.status || "counted"]}: {formatNumber(people.total)} người
          </h2>
          {people.rows.length === 0 ? (
            <p className="muted">Không có ai.</p>
          ) : (
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">
                  Danh sách người: {STATUS_LABEL[query.status || "counted"]}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Họ và tên</th>
                    <th scope="col">Đơn vị</th>
                    <th scope="col">Khóa học</th>
                    <th scope="col">Trạng thái</th>
                    <th scope="col">Hạn</th>
                    <th scope="col">Tiến độ</th>
                    <th scope="col">Kiểm tra</th>
                    <th scope="col">Hoạt động gần nhất</th>
                    <th scope="col">Hoàn thành</th>
                    <th scope="col">Chứng nhận</th>
                  </tr>
                </thead>
                <tbody>
                  {people.rows.map((p) => (
                    <tr key={`${p.userId}-${p.courseTitle}`}>
                      <th scope="row">
                        <a href={`/admin/users/${p.userId}`}>{p.fullName}</a>
                        {p.position ? <div className="muted">{p.position}</div> : null}
                      </th>
                      <td>{p.unitName}</td>
                      <td>{p.courseTitle}</td>
                      <td>
                        {PERSON_STATUS[p.status]}
                        {p.overdue ? <span className="badge badge-off"> Quá hạn</span> : null}
                      </td>
                      <td>{p.dueAt}</td>
                      <td>{p.percent}%</td>
                      <td>
                        Bài học {p.lessons}; bài kiểm tra đạt {p.quizzes}
                        {p.examBest !== null
                          ? `; thi cuối khóa ${formatPercent(p.examBest)} (${p.examPassed ? "đạt" : "chưa đạt"})`
                          : ""}
                      </td>
                      <td>{p.lastActivity || "—"}</td>
                      <td>{p.completedAt || "—"}</td>
                      <td>{p.certificate ?? "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {people.pageCount > 1 ? (
            <nav className="pagination" aria-label="Phân trang">
              {people.page > 1 ? <a href={here({ page: people.page - 1 })}>‹ Trang trước</a> : null}
              <span>
                Trang {people.page}/{people.pageCount}
              </span>
              {people.page < people.pageCount ? <a href={here({ page: people.page + 1 })}>Trang sau ›</a> : null}
            </nav>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
