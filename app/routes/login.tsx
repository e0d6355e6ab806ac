import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";

import { getOptionalUser } from "~/auth/guards.server";
import { signIn } from "~/auth/login.server";
import { homePathFor } from "~/auth/roles";
import { sessionCookie } from "~/auth/session.server";
import { ErrorSummary, TextField, valueOf } from "~/components/form-fields";
import { formatTime } from "~/utils/dates";
import { parseForm } from "~/utils/forms";
import { rejectForm } from "~/utils/forms.server";
import { safeRedirectPath } from "~/utils/home-path";

// A plain form and links: no JavaScript needed (README "Reading pages ship no JavaScript").
export const handle = { hydrate: false };
export const meta: MetaFunction = () => [{ title: "Đăng nhập – Học Dân vận" }];

const LoginSchema = z.object({
  email: z.string({ error: "Vui lòng nhập email." }).trim().min(1, "Vui lòng nhập email.").max(254, "Email quá dài."),
  password: z
    .string({ error: "Vui lòng nhập mật khẩu." })
    .min(1, "Vui lòng nhập mật khẩu.")
    .max(1024, "Mật khẩu quá dài."),
  redirectTo: z.string().max(2000).optional().catch(undefined),
});

export async function loader(args: LoaderFunctionArgs) {
  const url = new URL(args.request.url);
  const user = getOptionalUser(args);
  if (user) throw redirect(safeRedirectPath(url.searchParams.get("redirectTo"), homePathFor(user)));
  return { redirectTo: url.searchParams.get("redirectTo") ?? "" };
}

export async function action(args: ActionFunctionArgs) {
  const formData = await args.request.formData();
  const parsed = parseForm(formData, LoginSchema);
  if (!parsed.ok) return data(parsed, { status: 400 });
  const { email, password, redirectTo } = parsed.data;
  const result = await signIn({
    email,
    password,
    ip: args.context.clientIp,
    userAgent: args.request.headers.get("user-agent") ?? "",
  });
  if (!result.ok) {
    const message =
      result.reason === "throttled"
        ? `Bạn đã đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ${minutesUntil(result.retryAt)} phút (lúc ${formatTime(result.retryAt)}).`
        : result.reason === "deactivated"
          ? "Tài khoản này đã bị vô hiệu hóa. Vui lòng liên hệ quản trị viên của đơn vị."
          : "Email hoặc mật khẩu không đúng.";
    return rejectForm(formData, { _form: message }, result.reason === "throttled" ? 429 : 401);
  }
  const target = safeRedirectPath(redirectTo, homePathFor({ roles: result.roles }));
  return redirect(target, { headers: { "Set-Cookie": sessionCookie(result.token, result.expiresAt) } });
}

function minutesUntil(date: Date) {
  return Math.max(1, Math.ceil((date.getTime() - Date.now()) / 60_000));
}

export default function LoginPage() {
  const { redirectTo } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const failure = actionData?.ok === false ? actionData : undefined;
  const errors = failure?.errors;
  return (
    <div className="container narrow">
      <h1>Đăng nhập</h1>
      <p className="muted">
        Tài khoản do quản trị viên của đơn vị cấp. Nếu chưa có tài khoản, hãy liên hệ quản trị viên.
      </p>
      <ErrorSummary errors={errors} />
      {/* A document request: where it lands (/me, a lesson…) may be a page without JavaScript. */}
      <Form method="post" className="form card" noValidate reloadDocument>
        <input type="hidden" name="redirectTo" value={failure ? valueOf(failure.values, "redirectTo") : redirectTo} />
        <TextField
          name="email"
          label="Email"
          type="email"
          autoComplete="username"
          required
          defaultValue={valueOf(failure?.values, "email")}
          error={errors?.email}
        />
        <TextField
          name="password"
          label="Mật khẩu"
          type="password"
          autoComplete="current-password"
          required
          error={errors?.password}
        />
        <div className="form-actions">
          <button type="submit" className="button">
            Đăng nhập
          </button>
        </div>
      </Form>
      <p>
        <Link to="/forgot-password">Quên mật khẩu?</Link>
      </p>
    </div>
  );
}
