import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useMatches,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";

import { getOptionalUser } from "~/auth/guards.server";
import { useNonce } from "~/components/nonce";
import { SiteFooter, SiteHeader } from "~/components/site-shell";
import appStyles from "~/styles/app.css";

export const links: LinksFunction = () => [
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
  {
    rel: "preload",
    href: "/fonts/BeVietnamPro_400Regular.woff2",
    as: "font",
    type: "font/woff2",
    crossOrigin: "anonymous",
  },
  { rel: "stylesheet", href: appStyles },
];

export const meta: MetaFunction = () => [
  { title: "Học Dân vận" },
  { name: "description", content: "Nền tảng bồi dưỡng công tác dân vận cho cán bộ, công chức." },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = getOptionalUser(args);
  return {
    user: user
      ? {
          fullName: user.fullName,
          email: user.email,
          roles: user.roles,
          unitName: user.unitName,
          unreadNotifications: user.unreadNotifications,
        }
      : null,
  };
}

export type RootLoaderData = Awaited<ReturnType<typeof loader>>;

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const nonce = useNonce();
  // A page whose route says `handle = { hydrate: false }` ships no JavaScript at all.
  const hydrate = (useMatches().at(-1)?.handle as { hydrate?: boolean } | undefined)?.hydrate !== false;
  return (
    <html lang="vi">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#noi-dung">
          Chuyển đến nội dung chính
        </a>
        <SiteHeader user={data?.user ?? null} />
        <main id="noi-dung" className="site-main" tabIndex={-1}>
          {children}
        </main>
        <SiteFooter />
        {hydrate ? <ScrollRestoration nonce={nonce} /> : null}
        {hydrate ? <Scripts nonce={nonce} /> : null}
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  let title = "Đã có lỗi xảy ra";
  let message = "Hệ thống gặp sự cố khi xử lý yêu cầu của bạn. Vui lòng thử lại sau ít phút.";
  let status = 500;
  if (isRouteErrorResponse(error)) {
    status = error.status;
    // A guard may say precisely what was not found or refused ("Không tìm thấy chứng nhận…").
    const detail = typeof error.data === "string" && error.data && !error.data.startsWith("<") ? error.data : null;
    if (error.status === 404) {
      title = "Không tìm thấy trang";
      message =
        detail && detail !== "Không tìm thấy trang bạn yêu cầu."
          ? `${detail} Trang bạn tìm không tồn tại hoặc đã được chuyển đi.`
          : "Trang bạn tìm không tồn tại hoặc đã được chuyển đi. Hãy kiểm tra lại địa chỉ.";
    } else if (error.status === 403) {
      title = "Không có quyền truy cập";
      message = "Tài khoản của bạn không có quyền xem trang này. Nếu cần, hãy liên hệ quản trị viên của đơn vị.";
    } else if (error.status === 400) {
      title = "Yêu cầu không hợp lệ";
      message = typeof error.data === "string" && error.data ? error.data : "Dữ liệu gửi lên không hợp lệ.";
    } else if (error.status === 405) {
      title = "Thao tác không được hỗ trợ";
      message = "Trang này không nhận loại yêu cầu bạn vừa gửi.";
    }
  }
  return (
    <div className="container narrow error-page">
      <p className="error-code">Lỗi {status}</p>
      <h1>{title}</h1>
      <p>{message}</p>
      <p>
        <a className="button" href="/">
          Về trang chủ
        </a>
      </p>
    </div>
  );
}
