import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";

import { requireUserWithRole } from "~/auth/guards.server";
import { hasRole } from "~/auth/roles";
import { createImportJob, IMPORT_STATUS_LABELS, listImportJobs } from "~/org/import.server";
import { readImportUpload } from "~/org/import-upload.server";
import { formatDateTime } from "~/utils/dates";
import { DomainError } from "~/utils/errors";
import { formFailure } from "~/utils/forms";

export const meta: MetaFunction = () => [{ title: "Nhập danh sách cán bộ – Học Dân vận" }];

export async function loader(args: LoaderFunctionArgs) {
  const actor = requireUserWithRole(args, ["ADMIN", "UNIT_MANAGER"]);
  const jobs = await listImportJobs(actor.id);
  return {
    isAdmin: hasRole(actor, "ADMIN"),
    unitName: actor.unitName,
    jobs: jobs.map((j) => ({
      ...j,
      createdAt: formatDateTime(j.createdAt),
      status: IMPORT_STATUS_LABELS[j.status] ?? j.status,
    })),
  };
}

export async function action(args: ActionFunctionArgs) {
  const actor = requireUserWithRole(args, ["ADMIN", "UNIT_MANAGER"]);
  try {
    const upload = await readImportUpload(args.request);
    const job = await createImportJob({ actor: { ...actor, ip: args.context.clientIp }, ...upload });
    return redirect(`/admin/users/import/${job.id}`);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const failure = formFailure(new FormData(), { [error.field ?? "file"]: error.message });
    return Response.json(failure, { status: error.status === 413 ? 413 : 400 });
  }
}

export default function ImportStart() {
  const { isAdmin, unitName, jobs } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const error = actionData?.ok === false ? actionData.errors.file : undefined;
  return (
    <>
      <h1>Nhập danh sách cán bộ</h1>
      <p>
        Tải lên tệp CSV (UTF-8, phân tách bằng dấu phẩy hoặc dấu chấm phẩy) hoặc Excel (.xlsx) với các cột{" "}
        <strong>Họ và tên</strong>, <strong>Email</strong>, <strong>Chức vụ</strong>, <strong>Mã đơn vị</strong> (mã,
        tên đơn vị, hoặc đường dẫn như “Tỉnh Quảng Trị / Xã Hòa Bình”) và <strong>Vai trò</strong> (không bắt buộc; mặc
        định là học viên). Hệ thống kiểm tra thử trước, chưa ghi gì cho đến khi bạn xác nhận.
      </p>
      {isAdmin ? null : (
        <p className="muted">Bạn chỉ nhập được người vào {unitName} và các đơn vị trực thuộc, với vai trò học viên.</p>
      )}
      <p>
        Tệp mẫu: <a href="/admin/users/import/template.csv">CSV</a> ·{" "}
        <a href="/admin/users/import/template.xlsx">Excel (XLSX)</a>
      </p>
      <Form method="post" encType="multipart/form-data" className="stack">
        <div className="field">
          <label htmlFor="import-file">Tệp danh sách (CSV hoặc XLSX, tối đa 10 MB)</label>
          <input
            id="import-file"
            type="file"
            name="file"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            required
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "import-file-error" : undefined}
          />
          {error ? (
            <p id="import-file-error" className="field-error" role="alert">
              {error}
            </p>
          ) : null}
        </div>
        <button type="submit" className="button">
          Kiểm tra thử
        </button>
      </Form>
      {jobs.length ? (
        <>
          <h2>Các lần nhập gần đây</h2>
          <ul>
            {jobs.map((j) => (
              <li key={j.id}>
                <a href={`/admin/users/import/${j.id}`}>{j.fileName}</a> · {j.total} dòng · {j.status} · {j.createdAt}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}
