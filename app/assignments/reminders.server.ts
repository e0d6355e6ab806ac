import { membershipSql } from "~/assignments/membership.server";
import { prisma } from "~/db.server";
import { env } from "~/env.server";
import { Prisma } from "~/generated/prisma/client";
import { deliverPendingMail } from "~/mail/outbox.server";
import { defaultSenderUnit } from "~/mail/templates.server";
import { type NotificationInput, notify } from "~/notifications/notifications.server";
import { formatDate } from "~/utils/dates";

const DAY_MS = 24 * 60 * 60 * 1000;
/** Rows per write transaction: short locks, so pages keep being served while a big assignment runs. */
const BATCH = 200;

type Member = { userId: string; fullName: string; email: string; emailReminders: boolean; completed: boolean };

/** Active members of an assignment, each once, with whether they completed the course. */
async function membersWithStatus(assignmentId: string): Promise<Member[]> {
  const rows = await prisma.$queryRaw<
    { userId: string; fullName: string; email: string; emailReminders: unknown; completed: unknown }[]
  >`
    SELECT m."userId" AS "userId", u."fullName" AS "fullName", u."email" AS "email",
           u."emailReminders" AS "emailReminders",
           CASE WHEN EXISTS (SELECT 1 FROM "CourseCompletion" c
                             WHERE c."userId" = m."userId" AND c."courseId" = m."courseId") THEN 1 ELSE 0 END AS "completed"
    FROM (SELECT DISTINCT mem."userId", mem."courseId" FROM (${membershipSql(Prisma.sql`a."id" = ${assignmentId}`)}) mem) m
    JOIN "User" u ON u."id" = m."userId" AND u."active" = TRUE`;
  // SQLite answers booleans as 0/1, PostgreSQL as true/false.
  return rows.map((r) => ({
    userId: r.userId,
    fullName: r.fullName,
    email: r.email,
    emailReminders: r.emailReminders === true || Number(r.emailReminders) === 1,
    completed: Number(r.completed) === 1,
  }));
}

/**
 * The notice an assignment owes a member now, or none: "new" once; a reminder at the smallest
 * REMINDER_DAYS threshold the days left fall under (a learner told of the assignment inside that
 * window gets no reminder for it); "overdue" once the due date has passed. Completed members owe none.
 */
export function dueNotice(options: {
  now: Date;
  dueAt: Date;
  reminderDays: number[];
  toldAt: Date | null;
}): { kind: "new" } | { kind: "due"; days: number } | { kind: "overdue" } | null {
  if (!options.toldAt) return { kind: "new" };
  const left = options.dueAt.getTime() - options.now.getTime();
  if (left <= 0) return { kind: "overdue" };
  const thresholds = options.reminderDays.filter((d) => left <= d * DAY_MS).sort((a, b) => a - b);
  const days = thresholds[0];
  if (days === undefined) return null;
  // Told after this reminder's window opened: the "new" notice already said when it is due.
  if (options.toldAt.getTime() > options.dueAt.getTime() - days * DAY_MS) return null;
  return { kind: "due", days };
}

function daysLeftText(dueAt: Date, now: Date) {
  const days = Math.ceil((dueAt.getTime() - now.getTime()) / DAY_MS);
  return days <= 1 ? "còn chưa tới 1 ngày" : `còn ${days} ngày`;
}

/**
 * Sends what every open assignment owes its members now (new, reminder, overdue) as notices and
 * e-mails. Idempotent: each notice has a unique key (assignment, kind, threshold, person) and its mail
 * is queued only by the insert that created it, so a second run, or two runs at once (on one node or
 * several), send nothing twice. Then delivers the outbox.
 */
export async function runReminders(options: { now?: Date; assignmentId?: string; deliver?: boolean } = {}) {
  const now = options.now ?? new Date();
  const assignments = await prisma.assignment.findMany({
    where: { closedAt: null, startAt: { lte: now }, ...(options.assignmentId ? { id: options.assignmentId } : {}) },
    include: { course: { select: { id: true, title: true } }, ownerUnit: { select: { name: true } } },
  });
  const rootUnit = await defaultSenderUnit(prisma);
  const counts = { new: 0, due: 0, overdue: 0 };
  for (const assignment of assignments) {
    const members = (await membersWithStatus(assignment.id)).filter((m) => !m.completed);
    if (!members.length) continue;
    const told = new Map(
      (
        await prisma.notification.findMany({
          where: { kind: "assignment.new", dedupeKey: { startsWith: `assignment:${assignment.id}:new:` } },
          select: { userId: true, createdAt: true },
        })
      ).map((n) => [n.userId, n.createdAt]),
    );
    const senderUnit = assignment.ownerUnit?.name ?? rootUnit;
    const link = `/courses/${assignment.course.id}`;
    const due = formatDate(assignment.dueAt);
    const notices: NotificationInput[] = [];
    for (const m of members) {
      const owed = dueNotice({
        now,
        dueAt: assignment.dueAt,
        reminderDays: env.REMINDER_DAYS,
        toldAt: told.get(m.userId) ?? null,
      });
      if (!owed) continue;
      const mail = m.emailReminders
        ? { to: m.email, recipientName: m.fullName, senderUnit, actionLabel: "Vào học" }
        : null;
      const course = `“${assignment.course.title}”`;
      if (owed.kind === "new")
        notices.push({
          userId: m.userId,
          kind: "assignment.new",
          dedupeKey: `assignment:${assignment.id}:new:${m.userId}`,
          title: `Khóa học được giao: ${assignment.course.title}`,
          body: `${senderUnit} giao đồng chí học khóa ${course} (${assignment.title}), hạn hoàn thành ${due}${assignment.note ? `. ${assignment.note}` : ""}.`,
          link,
          mail,
        });
      else if (owed.kind === "due")
        notices.push({
          userId: m.userId,
          kind: "assignment.due",
          dedupeKey: `assignment:${assignment.id}:due:${owed.days}:${m.userId}`,
          title: `Sắp đến hạn: ${assignment.course.title}`,
          body: `Khóa học ${course} (${assignment.title}) hết hạn ngày ${due}, ${daysLeftText(assignment.dueAt, now)}. Đồng chí chưa hoàn thành khóa học.`,
          link,
          mail,
        });
      else
        notices.push({
          userId: m.userId,
          kind: "assignment.overdue",
          dedupeKey: `assignment:${assignment.id}:overdue:${m.userId}`,
          title: `Đã quá hạn: ${assignment.course.title}`,
          body: `Khóa học ${course} (${assignment.title}) đã hết hạn ngày ${due} mà đồng chí chưa hoàn thành. Đồng chí vẫn có thể tiếp tục học.`,
          link,
          mail,
        });
    }
    for (let i = 0; i < notices.length; i += BATCH) {
      const batch = notices.slice(i, i + BATCH);
      await prisma.$transaction(async (tx) => {
        for (const notice of batch) {
          if (await notify(tx, notice, now)) counts[notice.kind.split(".")[1] as keyof typeof counts]++;
        }
      });
    }
  }
  const delivered = options.deliver === false ? { sent: 0, failed: 0 } : await deliverPendingMail();
  return { ...counts, ...delivered };
}

let schedulerRunning = false;

/**
 * JOBS_SCHEDULER=1: the server runs the reminders itself every JOBS_INTERVAL_MINUTES. Safe with several
 * processes or a cron job as well: runs are idempotent, and one process never overlaps itself.
 */
export function startReminderScheduler() {
  const tick = async () => {
    if (schedulerRunning) return;
    schedulerRunning = true;
    try {
      await runReminders();
    } catch (error) {
      console.error("Chạy nhắc hạn thất bại:", error instanceof Error ? error.message : error);
    } finally {
      schedulerRunning = false;
    }
  };
  const timer = setInterval(tick, env.JOBS_INTERVAL_MINUTES * 60 * 1000);
  timer.unref();
  setTimeout(tick, 10_000).unref();
  return () => clearInterval(timer);
}

/**
 * After an assignment is created, edited or reopened: its members hear of it now, without the request
 * waiting for a province-wide audience (the next reminder run would catch up anyway).
 */
export function notifyAssignmentSoon(assignmentId: string) {
  void runReminders({ assignmentId }).catch((error) =>
    console.error("Gửi thông báo giao khóa học thất bại:", error instanceof Error ? error.message : error),
  );
}
