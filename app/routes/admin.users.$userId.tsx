import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";

import { notFound, requireUserWithRole, scopePathFor } from "~/auth/guards.server";
import { sendSetPasswordLink } from "~/auth/password-tokens.server";
import { type Role, ROLE_LABELS } from "~/auth/roles";
import { Breadcrumb } from "~/components/breadcrumb";
import { TranscriptTable } from "~/components/transcript-table";
import { UserForm } from "~/components/user-form";
import { listUnits, toUnitOptions } from "~/org/units.server";
import {
  canEditUser,
  getManageableUser,
  grantableRoles,
  setUserActive,
  updateUser,
  UpdateUserSchema,
} from "~/org/users.server";
import { recentResults } from "~/progress/progress.server";
import { getTranscript } from "~/progress/transcript.server";
import { formatDate, formatDateTime } from "~/utils/dates";
import { formatPercent } from "~/utils/format";
import { parseForm } from "~/utils/forms";
import { runFormAction } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Người dùng – Học Dân vận" }];

export async function loader(args: LoaderFunctionArgs) {
  const actor = requireUserWithRole(args, ["ADMIN", "UNIT_MANAGER"]);
  // Users outside the actor's scope are "not found", exactly like ids that do not exist.
  const user = await getManageableUser(actor, args.params.userId ?? "");
  if (!user) notFound("Không tìm thấy người dùng.");
  const [units, transcript, attempts] = await Promise.all([
    listUnits({ withinPath: scopePathFor(actor) }),
    // The learner's own transcript and results: the same code as /me/transcript.
    getTranscript(user.id),
    recentResults(user.id, 50),
  ]);
  const notice = new URL(args.request.url).searchParams.get("notice");
  return {
    user: {
      id: user.id,
      email: user.email,
      fullName: user.fullName,
      position: user.position,
      unitId: user.unitId,
      roles: user.roles.map((r) => r.role),
      active: user.active,
      createdAt: formatDate(user.createdAt),
      deactivatedAt: user.deactivatedAt ? formatDate(user.deactivatedAt) : null,
    },
    isSelf: actor.id === user.id,
    // Someone holding a role the actor may not grant is shown read-only (and refused on post).
    editable: canEditUser(actor, user),
    units: toUnitOptions(units),
    grantableRoles: grantableRoles(actor),
    notice,
    transcript,
    attempts: attempts.map((r) => ({
      id: r.id,
      title: r.quiz.title,
      score: r.score,
      passed: r.passed,
      at: r.submittedAt ? formatDateTime(r.submittedAt) : "",
    })),
  };
}

export async function action(args: ActionFunctionArgs) {
  const actor = requireUserWithRole(args, ["ADMIN", "UNIT_MANAGER"]);
  const userId = args.params.userId ?? "";
  if (!canEditUser(actor, await getManageableUser(actor, userId))) notFound("Không tìm thấy người dùng.");
  const formData = await args.request.formData();
  const intent = formData.get("intent");
  return runFormAction(formData, async () => {
    if (intent === "send-password-link") {
      await sendSetPasswordLink({
        userId,
        senderUnitName: actor.unitName,
        audit: { actorId: actor.id, ip: args.context.clientIp },
      });
      return redirect(`/admin/users/${userId}?notice=link-sent`);
    }
    if (intent === "deactivate" || intent === "activate") {
      await setUserActive({ ...actor, ip: args.context.clientIp }, userId, intent === "activate");
      return redirect(`/admin/users/${userId}?notice=${intent === "activate" ? "activated" : "deactivated"}`);
    }
    const parsed = parseForm(formData, UpdateUserSchema, { arrays: ["roles"] });
    if (!parsed.ok) return data(parsed, { status: 400 });
    await updateUser({ ...actor, ip: args.context.clientIp }, userId, parsed.data);
    return redirect(`/admin/users/${userId}?notice=saved`);
  });
}

const NOTICES: Record<string, string> = {
  created: "Đã tạo tài khoản. Người dùng có thể đăng nhập bằng email và mật khẩu ban đầu.",
  "created-link": "Đã tạo tài khoản và gửi email có liên kết đặt mật khẩu (dùng được một lần, trong 7 ngày).",
  "link-sent": "Đã gửi email có liên kết đặt mật khẩu (dùng được một lần, trong 7 ngày). Liên kết cũ hết hiệu lực.",
  saved: "Đã lưu thay đổi.",
  deactivated: "Đã vô hiệu hóa tài khoản. Người dùng đã bị đăng xuất khỏi mọi thiết bị.",
  activated: "Đã kích hoạt lại tài khoản.",
};

export default function EditUser() {
  const { user, units, grantableRoles, notice, isSelf, editable, transcript, attempts } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const failure = actionData?.ok === false ? actionData : undefined;
  return (
    <>
      <Breadcrumb
        items={[
          { label: "Người dùng", href: "/admin/users" },
          { label: user.fullName, current: true },
        ]}
      />
      <div className="page-head">
        <h1>{user.fullName}</h1>
        {user.active ? (
          <span className="badge badge-ok">Hoạt động</span>
        ) : (
          <span className="badge badge-off">Đã vô hiệu hóa từ {user.deactivatedAt}</span>
        )}
      </div>
      {notice && NOTICES[notice] ? (
        <div className="alert alert-success" role="status">
          {NOTICES[notice]}
        </div>
      ) : null}
      <p className="muted">Tạo ngày {user.createdAt}.</p>
      <section aria-labelledby="transcript-title" className="card">
        <h2 id="transcript-title">Kết quả học tập</h2>
        <p>
          Tải về: <a href={`/admin/users/${user.id}/transcript.csv`}>CSV</a> ·{" "}
          <a href={`/admin/users/${user.id}/transcript.xlsx`}>Excel (XLSX)</a> ·{" "}
          <a href={`/admin/users/${user.id}/transcript.csv?sep=semicolon`}>CSV dấu chấm phẩy</a> ·{" "}
          <a href={`/admin/users/${user.id}/transcript.pdf`}>PDF</a>
        </p>
        <TranscriptTable
          rows={transcript.rows}
          creditedHours={transcript.creditedHours}
          caption={`Các khóa học của ${user.fullName}`}
          certificateHref={(serial) => `/verify/${serial}`}
        />
        <h3>Bài kiểm tra đã nộp</h3>
        {attempts.length === 0 ? (
          <p className="muted">Chưa nộp bài kiểm tra nào.</p>
        ) : (
          <ul>
            {attempts.map((r) => (
              <li key={r.id}>
                {r.title}: {r.score !== null ? formatPercent(r.score) : "—"} – {r.passed ? "đạt" : "chưa đạt"}{" "}
                <span className="muted">({r.at})</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <h2>Hồ sơ</h2>
      {editable ? null : <ReadOnlyUser user={user} unitLabel={units.find((u) => u.id === user.unitId)?.label} />}
      {editable ? (
        <UserForm
          mode="edit"
          units={units}
          grantableRoles={grantableRoles}
          defaults={user}
          values={failure?.values}
          errors={failure?.errors}
        />
      ) : null}
      {isSelf || !editable || !user.active ? null : (
        <section className="card" style={{ marginTop: 24 }}>
          <h2>Liên kết đặt mật khẩu</h2>
          <p className="muted">
            Gửi tới {user.email} một liên kết để người dùng tự đặt mật khẩu mới (dùng một lần, trong 7 ngày). Mật khẩu
            hiện tại vẫn dùng được cho tới khi người dùng đặt mật khẩu mới.
          </p>
          <Form method="post">
            <input type="hidden" name="intent" value="send-password-link" />
            <button type="submit" className="button button-secondary">
              Gửi liên kết đặt mật khẩu
            </button>
          </Form>
        </section>
      )}
      {isSelf || !editable ? null : (
        <section className="card" style={{ marginTop: 24 }}>
          <h2>{user.active ? "Vô hiệu hóa tài khoản" : "Kích hoạt lại tài khoản"}</h2>
          <p className="muted">
            {user.active
              ? "Người dùng sẽ không đăng nhập được nữa và bị đăng xuất ngay. Kết quả học tập vẫn được giữ nguyên."
              : "Người dùng sẽ đăng nhập lại được bằng mật khẩu hiện có."}
          </p>
          <Form method="post">
            <input type="hidden" name="intent" value={user.active ? "deactivate" : "activate"} />
            <button type="submit" className={user.active ? "button button-danger" : "button"}>
              {user.active ? "Vô hiệu hóa" : "Kích hoạt lại"}
            </button>
          </Form>
        </section>
      )}
    </>
  );
}

/** What a unit manager sees of someone holding a role above learner: the record, no forms. */
function ReadOnlyUser(props: {
  user: { email: string; position: string; roles: string[] };
  unitLabel: string | undefined;
}) {
  return (
    <section className="card">
      <p role="status">
        Tài khoản này có vai trò mà bạn không được cấp, nên bạn chỉ xem được thông tin. Hãy liên hệ quản trị viên nếu
        cần thay đổi.
      </p>
      <dl className="details">
        <dt>Email</dt>
        <dd>{props.user.email}</dd>
        <dt>Chức vụ</dt>
        <dd>{props.user.position || "—"}</dd>
        <dt>Đơn vị</dt>
        <dd>{props.unitLabel?.replace(/^(— )+/, "") ?? "—"}</dd>
        <dt>Vai trò</dt>
        <dd>{props.user.roles.map((r) => ROLE_LABELS[r as Role] ?? r).join(", ")}</dd>
      </dl>
    </section>
  );
}
