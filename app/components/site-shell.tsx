import { Form, NavLink, useLocation } from "@remix-run/react";

import { hasRole, isRole, ROLE_LABELS } from "~/auth/roles";

type ShellUser = {
  fullName: string;
  email: string;
  roles: string[];
  unitName: string;
  unreadNotifications: number;
} | null;

function navItemsFor(user: ShellUser) {
  const items: { to: string; label: string }[] = [
    { to: "/courses", label: "Khóa học" },
    { to: "/search", label: "Tìm kiếm" },
  ];
  if (!user) return items;
  if (hasRole(user, "LEARNER")) items.push({ to: "/me", label: "Học tập của tôi" });
  if (hasRole(user, "TRAINER")) items.push({ to: "/studio", label: "Soạn bài giảng" });
  if (hasRole(user, "ADMIN", "UNIT_MANAGER")) items.push({ to: "/admin", label: "Quản lý" });
  return items;
}

/**
 * "Đăng nhập" brings the visitor back to the page it was clicked on; /login passes the target
 * through `safeRedirectPath`, so only same-site paths are followed.
 */
export function loginHref(location: { pathname: string; search: string }) {
  if (location.pathname === "/login" || location.pathname === "/") return "/login";
  return `/login?redirectTo=${encodeURIComponent(`${location.pathname}${location.search}`)}`;
}

export function SiteHeader({ user }: { user: ShellUser }) {
  const items = navItemsFor(user);
  const location = useLocation();
  return (
    <header className="site-header">
      <div className="container header-inner">
        <a href="/" className="brand" aria-label="Học Dân vận – trang chủ">
          <span className="brand-mark" aria-hidden="true">
            HDV
          </span>
          <span className="brand-name">Học Dân vận</span>
        </a>
        <nav aria-label="Điều hướng chính" className="main-nav">
          <ul>
            {items.map((item) => (
              <li key={item.to}>
                {/* Document navigation: most destinations are reading pages that ship no JavaScript. */}
                <NavLink to={item.to} reloadDocument>
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        {user ? (
          <a
            href="/notifications"
            className="notification-bell"
            aria-label={
              user.unreadNotifications
                ? `Thông báo: ${user.unreadNotifications} chưa đọc`
                : "Thông báo: không có thông báo mới"
            }
          >
            <svg aria-hidden="true" focusable="false" width="20" height="20" viewBox="0 0 24 24">
              <path
                fill="currentColor"
                d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
              />
            </svg>
            {user.unreadNotifications ? (
              <span className="notification-count" aria-hidden="true">
                {user.unreadNotifications > 99 ? "99+" : user.unreadNotifications}
              </span>
            ) : null}
          </a>
        ) : null}
        {user ? (
          <details className="user-menu">
            <summary>
              <span className="user-name">{user.fullName}</span>
              <span className="visually-hidden"> – mở trình đơn tài khoản</span>
            </summary>
            <div className="user-menu-panel">
              <p className="user-meta">
                {user.email}
                <br />
                {user.unitName}
                <br />
                {user.roles
                  .filter(isRole)
                  .map((r) => ROLE_LABELS[r])
                  .join(", ")}
              </p>
              <a href="/account">Tài khoản và bảo mật</a>
              <Form method="post" action="/logout">
                <button type="submit" className="link-button">
                  Đăng xuất
                </button>
              </Form>
            </div>
          </details>
        ) : (
          <a className="button button-small" href={loginHref(location)}>
            Đăng nhập
          </a>
        )}
      </div>
    </header>
  );
}

export function SiteFooter() {
  return (
    <footer className="site-footer">
      <div className="container">
        <p className="footer-quote">
          “Dân vận kém thì việc gì cũng kém. Dân vận khéo thì việc gì cũng thành công.”
          <br />
          <span>— Hồ Chí Minh, “Dân vận”, báo Sự thật, số 120, ngày 15/10/1949</span>
        </p>
        <p>Học Dân vận – nền tảng bồi dưỡng công tác dân vận cho cán bộ, công chức.</p>
        <p>
          <a href="/verify">Xác minh chứng nhận</a>: cơ quan, đơn vị tra cứu số hiệu hoặc tải tệp PDF lên để kiểm tra.
        </p>
      </div>
    </footer>
  );
}
