import crypto from "node:crypto";

import { type Db, prisma, sqliteDate } from "~/db.server";
import { PUBLIC_ORIGIN } from "~/env.server";
import { kickMailDelivery, queueMail } from "~/mail/outbox.server";
import { defaultSenderUnit, renderMail } from "~/mail/templates.server";

export type NotificationKind =
  "assignment.new" | "assignment.due" | "assignment.overdue" | "certificate.issued" | "certificate.revoked";

export type NotificationInput = {
  userId: string;
  kind: NotificationKind;
  /** One per event and person: a second insert of the same key does nothing. */
  dedupeKey: string;
  title: string;
  body: string;
  /** A path inside the site. */
  link: string;
  /** The e-mail that goes with it, or none (the learner turned reminders off). */
  mail?: { to: string; recipientName: string; senderUnit: string; paragraphs?: string[]; actionLabel: string } | null;
};

/**
 * Records a notice and, in the same transaction, queues its e-mail; does nothing if the notice
 * exists already. `INSERT … ON CONFLICT DO NOTHING` (SQLite 3.24+, PostgreSQL 9.5+) rather than
 * catching the unique violation, which would abort a PostgreSQL transaction. Returns whether it was new.
 */
export async function notify(db: Db, input: NotificationInput, now: Date = new Date()) {
  const inserted = await db.$executeRaw`
    INSERT INTO "Notification" ("id", "userId", "kind", "dedupeKey", "title", "body", "link", "createdAt")
    VALUES (${crypto.randomUUID()}, ${input.userId}, ${input.kind}, ${input.dedupeKey}, ${input.title},
            ${input.body}, ${input.link}, ${sqliteDate(now)})
    ON CONFLICT ("dedupeKey") DO NOTHING`;
  if (inserted !== 1) return false;
  if (input.mail) {
    await queueMail(db, {
      to: input.mail.to,
      ...renderMail({
        subject: input.title,
        recipientName: input.mail.recipientName,
        paragraphs: input.mail.paragraphs ?? [input.body],
        action: { label: input.mail.actionLabel, url: `${PUBLIC_ORIGIN}${input.link}` },
        senderUnit: input.mail.senderUnit,
      }),
    });
    // The mail is committed with the caller's transaction, a moment from now: deliver it then (the
    // server's outbox sweep and every reminder run pick up anything this misses).
    setTimeout(kickMailDelivery, 200).unref();
  }
  return true;
}

const PAGE_SIZE = 30;

export async function listNotifications(options: { userId: string; page?: number }) {
  const page = Math.max(1, options.page ?? 1);
  const [items, total, unread] = await Promise.all([
    prisma.notification.findMany({
      where: { userId: options.userId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      select: { id: true, kind: true, title: true, body: true, link: true, readAt: true, createdAt: true },
    }),
    prisma.notification.count({ where: { userId: options.userId } }),
    prisma.notification.count({ where: { userId: options.userId, readAt: null } }),
  ]);
  return { items, total, unread, page, pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
}

/** Marks one notice (of this user only) or all of them read; returns the link of the one, if any. */
export async function markNotificationsRead(options: { userId: string; notificationId?: string; now?: Date }) {
  const now = options.now ?? new Date();
  if (options.notificationId) {
    const notice = await prisma.notification.findFirst({
      where: { id: options.notificationId, userId: options.userId },
      select: { id: true, link: true, readAt: true },
    });
    if (!notice) return null;
    if (!notice.readAt) await prisma.notification.update({ where: { id: notice.id }, data: { readAt: now } });
    return notice;
  }
  await prisma.notification.updateMany({ where: { userId: options.userId, readAt: null }, data: { readAt: now } });
  return null;
}

/** For the certificate domain: the holder hears of an issued or revoked certificate, in its transaction. */
export async function notifyCertificate(
  db: Db,
  options: { certificateId: string; serial: string; event: "issued" | "revoked"; reason?: string; now?: Date },
) {
  const cert = await db.certificate.findUniqueOrThrow({
    where: { id: options.certificateId },
    select: { userId: true, user: { select: { email: true, fullName: true } }, course: { select: { title: true } } },
  });
  const issued = options.event === "issued";
  await notify(
    db,
    {
      userId: cert.userId,
      kind: issued ? "certificate.issued" : "certificate.revoked",
      dedupeKey: `certificate:${options.certificateId}:${options.event}`,
      title: issued ? `Chứng nhận khóa học “${cert.course.title}”` : `Chứng nhận ${options.serial} đã bị thu hồi`,
      body: issued
        ? `Đồng chí đã được cấp chứng nhận số ${options.serial} cho khóa học “${cert.course.title}”. Chứng nhận có thể kiểm tra công khai tại trang Xác minh.`
        : `Chứng nhận số ${options.serial} (khóa học “${cert.course.title}”) đã bị thu hồi${options.reason ? `. Lý do: ${options.reason}` : ""}.`,
      link: `/certificates/${options.serial}`,
      mail: {
        to: cert.user.email,
        recipientName: cert.user.fullName,
        senderUnit: await defaultSenderUnit(db),
        actionLabel: "Xem chứng nhận",
      },
    },
    options.now,
  );
}
