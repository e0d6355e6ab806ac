import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";

import { ForgotPasswordSchema, requestPasswordReset } from "~/auth/password-tokens.server";
import { ErrorSummary, TextField, valueOf } from "~/components/form-fields";
import { formatTime } from "~/utils/dates";
import { parseForm } from "~/utils/forms";
import { rejectForm } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Quên mật khẩu – Học Dân vận" }];

export async function action(args: ActionFunctionArgs) {
  const formData = await args.request.formData();
  const parsed = parseForm(formData, ForgotPasswordSchema);
  if (!parsed.ok) return data(parsed, { status: 400 });
  const result = await requestPasswordReset({ email: parsed.data.email, ip: args.context.clientIp });
  if (result.blocked) {
    return rejectForm(
      formData,
      { _form: `Bạn đã yêu cầu quá nhiều lần. Vui lòng thử lại sau ${formatTime(result.retryAt)}.` },
      429,
    );
  }
  // The same answer whether the address has an account or not.
  return { ok: true as const, email: parsed.data.email };
}

export default function ForgotPasswordPage() {
  const actionData = useActionData<typeof action>();
  const failure = actionData?.ok === false ? actionData : undefined;
  const sent = actionData?.ok === true ? actionData : undefined;
  return (
    <div className="container narrow">
      <h1>Quên mật khẩu</h1>
      {sent ? (
        <div className="card" role="status">
          <p>
            Nếu <strong>{sent.email}</strong> là email của một tài khoản đang hoạt động, chúng tôi đã gửi tới đó một
            liên kết đặt lại mật khẩu. Liên kết dùng được một lần, trong 1 giờ.
          </p>
          <p className="muted">
            Không thấy thư sau vài phút? Hãy xem thư mục Spam, kiểm tra lại email, hoặc liên hệ quản trị viên của đơn
            vị.
          </p>
          <p>
            <Link to="/login">Quay lại đăng nhập</Link>
          </p>
        </div>
      ) : (
        <>
          <p className="muted">Nhập email đăng nhập của bạn: chúng tôi sẽ gửi liên kết để đặt mật khẩu mới.</p>
          <ErrorSummary errors={failure?.errors} />
          <Form method="post" className="form card" noValidate>
            <TextField
              name="email"
              label="Email"
              type="email"
              autoComplete="username"
              required
              defaultValue={valueOf(failure?.values, "email")}
              error={failure?.errors.email}
            />
            <div className="form-actions">
              <button type="submit" className="button">
                Gửi liên kết đặt lại mật khẩu
              </button>
            </div>
          </Form>
          <p>
            <Link to="/login">Quay lại đăng nhập</Link>
          </p>
        </>
      )}
    </div>
  );
}
