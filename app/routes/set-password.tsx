import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";

import { PASSWORD_MIN } from "~/auth/password-policy";
import { inspectPasswordToken, SetPasswordSchema, usePasswordToken } from "~/auth/password-tokens.server";
import { homePathFor } from "~/auth/roles";
import { sessionCookie } from "~/auth/session.server";
import { ErrorSummary, TextField } from "~/components/form-fields";
import { parseForm } from "~/utils/forms";
import { runFormAction } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Đặt mật khẩu – Học Dân vận" }];

// The token is in the address: it must not leave in a Referer header to another site ("no-referrer" would make the form post Origin: null, which the cross-site guard refuses).
export const headers: HeadersFunction = () => ({ "Referrer-Policy": "same-origin" });

export async function loader(args: LoaderFunctionArgs) {
  const token = new URL(args.request.url).searchParams.get("token") ?? "";
  const valid = await inspectPasswordToken(token);
  return data({ token, valid }, { status: valid ? 200 : 410, headers: { "Referrer-Policy": "same-origin" } });
}

export async function action(args: ActionFunctionArgs) {
  const formData = await args.request.formData();
  const parsed = parseForm(formData, SetPasswordSchema);
  if (!parsed.ok) return data(parsed, { status: 400 });
  return runFormAction(formData, async () => {
    const result = await usePasswordToken({
      token: parsed.data.token,
      password: parsed.data.password,
      userAgent: args.request.headers.get("user-agent") ?? "",
    });
    return redirect(`${homePathFor({ roles: result.roles })}`, {
      headers: { "Set-Cookie": sessionCookie(result.sessionToken, result.expiresAt) },
    });
  });
}

export default function SetPasswordPage() {
  const { token, valid } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const failure = actionData?.ok === false ? actionData : undefined;
  if (!valid || failure?.errors.token) {
    return (
      <div className="container narrow">
        <h1>Liên kết không còn dùng được</h1>
        <p>
          {failure?.errors.token ??
            "Liên kết đặt mật khẩu này đã được dùng, đã hết hạn hoặc đã có liên kết mới hơn thay thế."}
        </p>
        <p>
          <Link to="/forgot-password">Yêu cầu liên kết mới</Link> · <Link to="/login">Đăng nhập</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="container narrow">
      <h1>{valid.purpose === "set" ? "Đặt mật khẩu cho tài khoản" : "Đặt lại mật khẩu"}</h1>
      <p className="muted">
        Tài khoản: <strong>{valid.email}</strong>. Mật khẩu có ít nhất {PASSWORD_MIN} ký tự. Sau khi đặt, tài khoản được
        đăng xuất khỏi mọi thiết bị khác.
      </p>
      <ErrorSummary errors={failure?.errors} />
      <Form method="post" className="form card" noValidate reloadDocument>
        <input type="hidden" name="token" value={token} />
        {/* Password managers file the new password under the right account. */}
        <input type="hidden" name="username" autoComplete="username" value={valid.email} />
        <TextField
          name="password"
          label="Mật khẩu mới"
          type="password"
          autoComplete="new-password"
          required
          error={failure?.errors.password}
        />
        <TextField
          name="confirmPassword"
          label="Nhập lại mật khẩu mới"
          type="password"
          autoComplete="new-password"
          required
          error={failure?.errors.confirmPassword}
        />
        <div className="form-actions">
          <button type="submit" className="button">
            Đặt mật khẩu và đăng nhập
          </button>
        </div>
      </Form>
    </div>
  );
}
