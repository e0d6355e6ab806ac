import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";

import { requireUserWithRole } from "~/auth/guards.server";
import { searchCertificates } from "~/certificates/certificates.server";
import { reissueCertificate, revokeCertificate } from "~/certificates/issue.server";
import { formatDate } from "~/utils/dates";
import { parseForm, requiredText } from "~/utils/forms";
import { rejectForm, runFormAction } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Chứng nhận – Quản lý – Học Dân vận" }];

export async function loader(args: LoaderFunctionArgs) {
  requireUserWithRole(args, "ADMIN");
  const q = new URL(args.request.url).searchParams.get("q")?.slice(0, 100) ?? "";
  const certs = await searchCertificates(q);
  return {
    q,
    certs: certs.map((c) => ({
      serial: c.serial,
      name: c.data.learner.name,
      course: c.data.course.title,
      issuedOn: formatDate(c.issuedAt),
      revoked: c.revokedAt ? { on: formatDate(c.revokedAt), reason: c.revokedReason } : null,
    })),
  };
}

const ActionSchema = z.object({
  intent: z.enum(["revoke", "reissue"], { error: "Thao tác không hợp lệ." }),
  serial: z.string().min(1, "Thiếu số hiệu.").max(40, "Số hiệu không hợp lệ."),
  reason: requiredText("lý do", 500),
});

export async function action(args: ActionFunctionArgs) {
  const admin = requireUserWithRole(args, "ADMIN");
  const formData = await args.request.formData();
  const parsed = parseForm(formData, ActionSchema);
  if (!parsed.ok) return data(parsed, { status: 400 });
  const { intent, serial, reason } = parsed.data;
  if (intent === "revoke") {
    const done = await revokeCertificate({ serial, reason, actorId: admin.id, ip: args.context.clientIp });
    if (!done) return rejectForm(formData, { _form: `Chứng nhận ${serial} không tồn tại hoặc đã bị thu hồi.` }, 409);
    return { ok: true as const, message: `Đã thu hồi chứng nhận ${serial}.` };
  }
  return runFormAction(formData, async () => {
    const fresh = await reissueCertificate({ serial, reason, actorId: admin.id, ip: args.context.clientIp });
    // Null: the certificate was revoked already (a replayed or double-clicked re-issue): nothing new.
    if (!fresh)
      return rejectForm(
        formData,
        { _form: `Chứng nhận ${serial} không tồn tại hoặc đã bị thu hồi: không cấp lại.` },
        409,
      );
    return { ok: true as const, message: `Đã thu hồi ${serial} và cấp lại với số hiệu ${fresh.serial}.` };
  });
}

export default function AdminCertificates() {
  const { q, certs } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <h1>Chứng nhận</h1>
      <Form method="get" className="filters" role="search">
        <div className="field">
          <label htmlFor="cert-q">Tìm theo số hiệu, họ tên hoặc khóa học</label>
          <input id="cert-q" type="search" name="q" defaultValue={q} />
        </div>
        <button type="submit" className="button button-secondary">
          Tìm
        </button>
      </Form>
      {actionData?.ok ? (
        <p className="alert alert-success" role="status">
          {actionData.message}
        </p>
      ) : null}
      {actionData?.ok === false ? (
        <p className="alert alert-error" role="alert">
          {Object.values(actionData.errors)[0]}
        </p>
      ) : null}
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Danh sách chứng nhận</caption>
          <thead>
            <tr>
              <th scope="col">Số hiệu</th>
              <th scope="col">Học viên</th>
              <th scope="col">Khóa học</th>
              <th scope="col">Ngày cấp</th>
              <th scope="col">Thu hồi / cấp lại</th>
            </tr>
          </thead>
          <tbody>
            {certs.map((c) => (
              <tr key={c.serial}>
                <td>
                  <a href={`/verify/${c.serial}`}>{c.serial}</a>
                </td>
                <td>{c.name}</td>
                <td>{c.course}</td>
                <td>{c.issuedOn}</td>
                <td>
                  {c.revoked ? (
                    <span className="badge badge-off">
                      Đã thu hồi {c.revoked.on}: {c.revoked.reason}
                    </span>
                  ) : (
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="serial" value={c.serial} />
                      <label htmlFor={`reason-${c.serial}`} className="visually-hidden">
                        Lý do cho {c.serial}
                      </label>
                      <input
                        id={`reason-${c.serial}`}
                        name="reason"
                        type="text"
                        placeholder="Lý do"
                        required
                        maxLength={500}
                      />
                      <button type="submit" name="intent" value="revoke" className="button button-danger button-small">
                        Thu hồi
                      </button>
                      <button
                        type="submit"
                        name="intent"
                        value="reissue"
                        className="button button-secondary button-small"
                      >
                        Cấp lại
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
