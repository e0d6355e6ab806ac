import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";

import { requireUser } from "~/auth/guards.server";
import { listNotifications, markNotificationsRead } from "~/notifications/notifications.server";
import { formatDateTime } from "~/utils/dates";
import { parseForm } from "~/utils/forms";
import { safeRedirectPath } from "~/utils/home-path";

export const meta: MetaFunction = () => [{ title: "Thông báo – Học Dân vận" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = requireUser(args);
  const page = Number(new URL(args.request.url).searchParams.get("page") ?? "1");
  const result = await listNotifications({ userId: user.id, page: Number.isInteger(page) && page > 0 ? page : 1 });
  return {
    ...result,
    items: result.items.map((n) => ({
      id: n.id,
      title: n.title,
      body: n.body,
      link: n.link,
      read: n.readAt !== null,
      at: formatDateTime(n.createdAt),
    })),
  };
}

const NotificationActionSchema = z.object({
  intent: z.enum(["open", "read", "read-all"], { error: "Thao tác không hợp lệ." }),
  notificationId: z.string().max(100).optional(),
});

export async function action(args: ActionFunctionArgs) {
  const user = requireUser(args);
  const formData = await args.request.formData();
  const parsed = parseForm(formData, NotificationActionSchema);
  if (!parsed.ok) return redirect("/notifications");
  const { intent, notificationId } = parsed.data;
  if (intent === "read-all") {
    await markNotificationsRead({ userId: user.id });
    return redirect("/notifications");
  }
  const notice = notificationId ? await markNotificationsRead({ userId: user.id, notificationId }) : null;
  if (intent === "open" && notice) return redirect(safeRedirectPath(notice.link, "/notifications"));
  return redirect("/notifications");
}

export default function NotificationsPage() {
  const { items, unread, total, page, pageCount } = useLoaderData<typeof loader>();
  return (
    <div className="container narrow">
      <h1>Thông báo</h1>
      <p className="muted" role="status">
        {total === 0
          ? "Chưa có thông báo nào."
          : unread === 0
            ? `${total} thông báo, tất cả đã đọc.`
            : `${unread} thông báo chưa đọc trong ${total} thông báo.`}
      </p>
      {unread > 0 ? (
        <Form method="post" reloadDocument>
          <button type="submit" name="intent" value="read-all" className="button button-secondary">
            Đánh dấu tất cả đã đọc
          </button>
        </Form>
      ) : null}
      <ul className="notification-list">
        {items.map((n) => (
          <li key={n.id} className={`card notification-item${n.read ? "" : " unread"}`}>
            <h2>
              {n.read ? null : <span className="visually-hidden">Chưa đọc: </span>}
              {n.title}
            </h2>
            <p>{n.body}</p>
            <p className="muted">{n.at}</p>
            <Form method="post" reloadDocument className="inline-form">
              <input type="hidden" name="notificationId" value={n.id} />
              <button type="submit" name="intent" value="open" className="button button-small">
                Xem chi tiết
              </button>{" "}
              {n.read ? null : (
                <button type="submit" name="intent" value="read" className="link-button">
                  Đánh dấu đã đọc
                </button>
              )}
            </Form>
          </li>
        ))}
      </ul>
      {pageCount > 1 ? (
        <nav aria-label="Trang thông báo" className="pagination">
          {page > 1 ? <Link to={`?page=${page - 1}`}>Trang trước</Link> : null}{" "}
          <span>
            Trang {page}/{pageCount}
          </span>{" "}
          {page < pageCount ? <Link to={`?page=${page + 1}`}>Trang sau</Link> : null}
        </nav>
      ) : null}
    </div>
  );
}
