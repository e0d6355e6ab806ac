import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";

import { changePassword, ChangePasswordSchema, getEmailReminders, setEmailReminders } from "~/auth/account.server";
import { requireSessionId, requireUser } from "~/auth/guards.server";
import { isRole, ROLE_LABELS } from "~/auth/roles";
import { blankSessionCookie, invalidateAllSessions, listSessions } from "~/auth/session.server";
import { ErrorSummary, TextField } from "~/components/form-fields";
import { formatDateTime } from "~/utils/dates";
import { parseForm } from "~/utils/forms";
import { rejectForm, runFormAction } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Tài khoản và bảo mật – Học Dân vận" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = requireUser(args);
  const sessionId = requireSessionId(args);
  const [sessions, emailReminders] = await Promise.all([listSessions(user.id), getEmailReminders(user.id)]);
  const url = new URL(args.request.url);
  return {
    user: {
      fullName: user.fullName,
      email: user.email,
      position: user.position,
      unitName: user.unitName,
      roles: user.roles,
      emailReminders,
    },
    sessions: sessions.map((s) => ({
      current: s.id === sessionId,
      createdAt: formatDateTime(s.createdAt),
      device: describeDevice(s.userAgent),
    })),
    notice: url.searchParams.get("notice"),
  };
}

function describeDevice(userAgent: string) {
  if (!userAgent) return "Không rõ thiết bị";
  const os = /Android/i.test(userAgent)
    ? "Android"
    : /iPhone|iPad/i.test(userAgent)
      ? "iOS"
      : /Windows/i.test(userAgent)
        ? "Windows"
        : /Mac OS/i.test(userAgent)
          ? "macOS"
          : /Linux/i.test(userAgent)
            ? "Linux"
            : "Thiết bị khác";
  const browser = /Edg\//.test(userAgent)
    ? "Edge"
    : /Chrome|Chromium/.test(userAgent)
      ? "Chrome"
      : /Firefox/.test(userAgent)
        ? "Firefox"
        : /Safari/.test(userAgent)
          ? "Safari"
          : "trình duyệt khác";
  return `${browser} trên ${os}`;
}

export async function action(args: ActionFunctionArgs) {
  const user = requireUser(args);
  const sessionId = requireSessionId(args);
  const formData = await args.request.formData();
  const intent = formData.get("intent");
  if (intent === "logout-everywhere") {
    await invalidateAllSessions(user.id);
    return redirect("/login", { headers: { "Set-Cookie": blankSessionCookie() } });
  }
  if (intent === "email-reminders") {
    await setEmailReminders({ userId: user.id, enabled: formData.get("emailReminders") === "on" });
    return redirect("/account?notice=reminders-saved");
  }
  if (intent === "change-password") {
    const parsed = parseForm(formData, ChangePasswordSchema);
    if (!parsed.ok) return data(parsed, { status: 400 });
    return runFormAction(formData, async () => {
      await changePassword({
        userId: user.id,
        currentPassword: parsed.data.currentPassword,
        newPassword: parsed.data.newPassword,
        currentSessionId: sessionId,
      });
      return redirect("/account?notice=password-changed");
    });
  }
  return rejectForm(formData, { _form: "Thao tác không hợp lệ." });
}

export default function AccountPage() {
  const { user, sessions, notice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.ok === false ? actionData.errors : undefined;
  return (
    <div className="container narrow">
      <h1>Tài khoản và bảo mật</h1>
      {notice === "password-changed" ? (
        <div className="alert alert-success" role="status">
          Đã đổi mật khẩu. Các thiết bị khác đã được đăng xuất.
        </div>
      ) : null}
      {notice === "reminders-saved" ? (
        <div className="alert alert-success" role="status">
          {user.emailReminders
            ? "Đã lưu: bạn sẽ nhận email nhắc hạn học tập."
            : "Đã lưu: bạn sẽ không nhận email nhắc hạn nữa (thông báo trong trang vẫn hiện)."}
        </div>
      ) : null}
      <section className="card">
        <h2>Thông tin cá nhân</h2>
        <dl>
          <dt>Họ và tên</dt>
          <dd>{user.fullName}</dd>
          <dt>Email</dt>
          <dd>{user.email}</dd>
          <dt>Chức vụ</dt>
          <dd>{user.position || "—"}</dd>
          <dt>Đơn vị</dt>
          <dd>{user.unitName}</dd>
          <dt>Vai trò</dt>
          <dd>
            {user.roles
              .filter(isRole)
              .map((r) => ROLE_LABELS[r])
              .join(", ")}
          </dd>
        </dl>
      </section>

      <section className="card" style={{ marginTop: 20 }}>
        <h2>Đổi mật khẩu</h2>
        <ErrorSummary errors={errors} />
        <Form method="post" className="form" noValidate>
          <input type="hidden" name="intent" value="change-password" />
          <TextField
            name="currentPassword"
            label="Mật khẩu hiện tại"
            type="password"
            autoComplete="current-password"
            required
            error={errors?.currentPassword}
          />
          <TextField
            name="newPassword"
            label="Mật khẩu mới"
            type="password"
            autoComplete="new-password"
            required
            hint="Ít nhất 8 ký tự."
            error={errors?.newPassword}
          />
          <TextField
            name="confirmPassword"
            label="Nhập lại mật khẩu mới"
            type="password"
            autoComplete="new-password"
            required
            error={errors?.confirmPassword}
          />
          <div className="form-actions">
            <button type="submit" className="button">
              Đổi mật khẩu
            </button>
          </div>
        </Form>
      </section>

      <section className="card" style={{ marginTop: 20 }}>
        <h2>Email nhắc hạn</h2>
        <Form method="post" className="form">
          <input type="hidden" name="intent" value="email-reminders" />
          <label className="checkbox">
            <input
              type="checkbox"
              name="emailReminders"
              defaultChecked={user.emailReminders}
              aria-describedby="emailReminders-hint"
            />
            Nhận email khi được giao khóa học, khi sắp đến hạn và khi quá hạn
          </label>
          <p id="emailReminders-hint" className="muted">
            Thông báo trong trang (biểu tượng chuông) vẫn hiện dù tắt email. Email về chứng nhận và mật khẩu luôn được
            gửi.
          </p>
          <div className="form-actions">
            <button type="submit" className="button button-secondary">
              Lưu lựa chọn
            </button>
          </div>
        </Form>
      </section>

      <section className="card" style={{ marginTop: 20 }}>
        <h2>Thiết bị đang đăng nhập</h2>
        <ul>
          {sessions.map((s, i) => (
            <li key={i}>
              {s.device}, từ {s.createdAt}
              {s.current ? <strong> (thiết bị này)</strong> : null}
            </li>
          ))}
        </ul>
        <Form method="post">
          <input type="hidden" name="intent" value="logout-everywhere" />
          <button type="submit" className="button button-danger">
            Đăng xuất khỏi mọi thiết bị
          </button>
        </Form>
      </section>
    </div>
  );
}
