import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { z } from "zod";

import { requireUserWithRole } from "~/auth/guards.server";
import {
  getImportPlan,
  getImportStatus,
  IMPORT_STATUS_LABELS,
  type ImportAction,
  roleLabels,
  startImportCommit,
} from "~/org/import.server";
import { formatDateTime } from "~/utils/dates";
import { parseForm } from "~/utils/forms";
import { runDomainLoader, runFormAction } from "~/utils/forms.server";

const ACTION_LABELS: Record<ImportAction, string> = {
  create: "Tạo mới",
  update: "Cập nhật",
  unchanged: "Không đổi",
  error: "Lỗi",
};
const SHOWN = ["all", "error", "create", "update", "unchanged"] as const;
const PAGE_SIZE = 100;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: "Nhập danh sách cán bộ – Học Dân vận" },
  // Without JavaScript the progress page reloads itself each second while the import runs.
  ...(data?.job.status === "running" ? [{ httpEquiv: "refresh", content: "1" }] : []),
];

export async function loader(args: LoaderFunctionArgs) {
  const actor = requireUserWithRole(args, ["ADMIN", "UNIT_MANAGER"]);
  const jobId = args.params.jobId ?? "";
  const url = new URL(args.request.url);
  const show = SHOWN.find((s) => s === url.searchParams.get("show")) ?? "all";
  const page = Math.max(1, Number.parseInt(url.searchParams.get("page") ?? "1", 10) || 1);
  const job = await runDomainLoader(() => getImportStatus(actor, jobId));
  // The rows are read only when shown: the polled progress page reads counters alone.
  const plan = job.status === "running" ? [] : await runDomainLoader(() => getImportPlan(actor, jobId));
  const filtered = show === "all" ? plan : plan.filter((p) => p.action === show);
  const pageCount = Math.max(1, Math.ceil(filtered.length / PAGE_SIZE));
  return {
    job: {
      ...job,
      createdAt: formatDateTime(job.createdAt),
      finishedAt: job.finishedAt ? formatDateTime(job.finishedAt) : null,
      statusLabel: IMPORT_STATUS_LABELS[job.status] ?? job.status,
      createdUserCount: job.createdUserIds.length,
    },
    show,
    page: Math.min(page, pageCount),
    pageCount,
    shownCount: filtered.length,
    rows: filtered
      .slice((Math.min(page, pageCount) - 1) * PAGE_SIZE, Math.min(page, pageCount) * PAGE_SIZE)
      .map((p) => ({
        line: p.line,
        email: p.email,
        fullName: p.fullName,
        action: p.action,
        reason: p.reason ?? "",
        roles: roleLabels(p.data?.roles),
      })),
  };
}

const CommitSchema = z.object({
  mode: z.enum(["strict", "skip"], { error: "Vui lòng chọn cách xử lý các dòng lỗi." }),
});

export async function action(args: ActionFunctionArgs) {
  const actor = requireUserWithRole(args, ["ADMIN", "UNIT_MANAGER"]);
  const jobId = args.params.jobId ?? "";
  // Someone else's job is "not found" before anything in the form is looked at.
  await runDomainLoader(() => getImportStatus(actor, jobId));
  const formData = await args.request.formData();
  const parsed = parseForm(formData, CommitSchema);
  if (!parsed.ok) return Response.json(parsed, { status: 400 });
  return runFormAction(formData, async () => {
    const started = await startImportCommit({
      actor: { ...actor, ip: args.context.clientIp },
      jobId,
      mode: parsed.data.mode,
    });
    // The commit goes on after this response; the page shows its progress.
    void started.done;
    return redirect(`/admin/users/import/${jobId}`);
  });
}

function Counts({
  job,
}: {
  job: { created: number; updated: number; unchanged: number; errors: number; total: number };
}) {
  return (
    <dl className="stats">
      <div>
        <dt>Tạo mới</dt>
        <dd>{job.created}</dd>
      </div>
      <div>
        <dt>Cập nhật</dt>
        <dd>{job.updated}</dd>
      </div>
      <div>
        <dt>Không đổi</dt>
        <dd>{job.unchanged}</dd>
      </div>
      <div>
        <dt>Lỗi (không nhập)</dt>
        <dd>{job.errors}</dd>
      </div>
      <div>
        <dt>Tổng số dòng</dt>
        <dd>{job.total}</dd>
      </div>
    </dl>
  );
}

export default function ImportJob() {
  const { job, rows, show, page, pageCount, shownCount } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const modeError = actionData?.ok === false ? (actionData.errors.mode ?? actionData.errors._form) : undefined;
  const revalidator = useRevalidator();
  const running = job.status === "running";
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => revalidator.revalidate(), 1000);
    return () => clearInterval(timer);
  }, [running, revalidator]);
  const href = (params: Record<string, string>) =>
    `/admin/users/import/${job.id}?${new URLSearchParams({ show, page: String(page), ...params })}`;
  return (
    <>
      <h1>Nhập danh sách: {job.fileName}</h1>
      <p>
        Trạng thái: <strong>{job.statusLabel}</strong> · tải lên lúc {job.createdAt}
        {job.finishedAt ? ` · xong lúc ${job.finishedAt}` : ""}
      </p>
      {running ? (
        <div role="status">
          <label htmlFor="import-progress">
            Đã xử lý {job.processed}/{job.total} dòng
          </label>
          <progress id="import-progress" max={job.total} value={job.processed}>
            {job.processed}/{job.total}
          </progress>
        </div>
      ) : null}
      {job.failure ? (
        <p className="notice notice-error" role="alert">
          {job.failure}
        </p>
      ) : null}
      {job.status === "done" ? (
        <p className="notice" role="status">
          Đã nhập xong: {job.created} tài khoản mới, {job.updated} cập nhật, {job.unchanged} không đổi, {job.errors}{" "}
          dòng lỗi không nhập. Tài khoản mới chưa có mật khẩu: người dùng đặt mật khẩu qua liên kết gửi đến email.
        </p>
      ) : null}
      <h2>{job.status === "dry-run" ? "Kết quả kiểm tra thử (chưa ghi gì)" : "Kết quả"}</h2>
      <Counts job={job} />
      {job.errors > 0 ? (
        <p>
          <a href={`/admin/users/import/${job.id}/rejected.csv`}>Tải các dòng không nhập được, kèm lý do (CSV)</a>
        </p>
      ) : null}
      {job.status === "dry-run" ? (
        <Form method="post" className="stack">
          <fieldset aria-describedby={modeError ? "mode-error" : undefined}>
            <legend>Khi tệp có dòng lỗi</legend>
            <div className="choice">
              <input id="mode-strict" type="radio" name="mode" value="strict" defaultChecked={job.errors === 0} />
              <label htmlFor="mode-strict">Chỉ nhập khi không có dòng lỗi nào</label>
            </div>
            <div className="choice">
              <input id="mode-skip" type="radio" name="mode" value="skip" />
              <label htmlFor="mode-skip">Bỏ qua các dòng lỗi, nhập các dòng hợp lệ</label>
            </div>
          </fieldset>
          {modeError ? (
            <p id="mode-error" className="field-error" role="alert">
              {modeError}
            </p>
          ) : null}
          <button type="submit" className="button">
            Nhập vào hệ thống
          </button>
        </Form>
      ) : null}
      {running ? null : (
        <>
          <nav aria-label="Lọc các dòng" className="filters">
            {SHOWN.map((s) => (
              <a key={s} href={href({ show: s, page: "1" })} aria-current={s === show ? "page" : undefined}>
                {s === "all" ? "Tất cả" : ACTION_LABELS[s]}
              </a>
            ))}
          </nav>
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">Các dòng của tệp</caption>
              <thead>
                <tr>
                  <th scope="col">Dòng</th>
                  <th scope="col">Họ và tên</th>
                  <th scope="col">Email</th>
                  <th scope="col">Kết quả</th>
                  <th scope="col">Lý do / vai trò</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.line}>
                    <td>{r.line}</td>
                    <td>{r.fullName}</td>
                    <td>{r.email}</td>
                    <td>{ACTION_LABELS[r.action]}</td>
                    <td>{r.reason || r.roles}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="muted">{shownCount} dòng.</p>
          {pageCount > 1 ? (
            <nav className="pagination" aria-label="Phân trang">
              {page > 1 ? <a href={href({ page: String(page - 1) })}>‹ Trang trước</a> : null}
              <span>
                Trang {page}/{pageCount}
              </span>
              {page < pageCount ? <a href={href({ page: String(page + 1) })}>Trang sau ›</a> : null}
            </nav>
          ) : null}
        </>
      )}
      <p>
        <a href="/admin/users/import">Nhập tệp khác</a>
      </p>
    </>
  );
}
