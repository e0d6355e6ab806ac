import path from "node:path";

import nodemailer, { type Transporter } from "nodemailer";

import { type Db, prisma } from "~/db.server";
import { env } from "~/env.server";
import type { MailContent } from "~/mail/templates.server";

/** After this many delivery errors a mail is marked failed and left for an operator to look at. */
const MAX_ATTEMPTS = 5;
/** A claim older than this belongs to a sender that died mid-delivery: another may take the mail. */
const CLAIM_TIMEOUT_MS = 5 * 60 * 1000;

/**
 * Puts a mail in the outbox. `db` is the transaction of the event that causes it (a reset request,
 * a notification), so the mail exists exactly when the event does.
 */
export async function queueMail(db: Db, options: MailContent & { to: string }) {
  return db.outboundMail.create({
    data: { toAddress: options.to, subject: options.subject, text: options.text, html: options.html },
    select: { id: true },
  });
}

let transporter: Transporter | null | undefined;

/** Where the built-in catcher keeps what it receives. */
export function mailCatcherDir() {
  return path.resolve(env.DATA_DIR, "mail-catcher");
}

/** Whether mail goes to the built-in catcher (no SMTP configured, and development or MAIL_CATCHER=1). */
export function mailCatcherEnabled() {
  return !env.SMTP_HOST && env.MAIL_CATCHER_PORT > 0 && (env.MAIL_CATCHER ?? env.NODE_ENV !== "production");
}

/** Points delivery at an SMTP server other than the environment's: tests use a real local one. */
export function configureMailTransport(options: { host: string; port: number }) {
  transporter = nodemailer.createTransport({ host: options.host, port: options.port, secure: false, ignoreTLS: true });
}

/** SMTP from the environment; in development and tests without SMTP_HOST, the built-in mail catcher. */
function getTransport(): Transporter | null {
  if (transporter !== undefined) return transporter;
  if (env.SMTP_HOST) {
    transporter = nodemailer.createTransport({
      host: env.SMTP_HOST,
      port: env.SMTP_PORT,
      secure: env.SMTP_SECURE,
      ...(env.SMTP_USER ? { auth: { user: env.SMTP_USER, pass: env.SMTP_PASSWORD ?? "" } } : {}),
    });
  } else if (mailCatcherEnabled()) {
    transporter = nodemailer.createTransport({
      host: "127.0.0.1",
      port: env.MAIL_CATCHER_PORT,
      secure: false,
      ignoreTLS: true,
    });
  } else {
    console.warn("SMTP_HOST chưa được cấu hình: thư được giữ trong hàng đợi (OutboundMail) cho tới khi cấu hình.");
    transporter = null;
  }
  return transporter;
}

/** Takes one mail for this sender, or tells that another sender has it (or it is no longer pending). */
async function claim(id: string, now: Date) {
  const { count } = await prisma.outboundMail.updateMany({
    where: {
      id,
      status: "pending",
      OR: [{ claimedAt: null }, { claimedAt: { lt: new Date(now.getTime() - CLAIM_TIMEOUT_MS) } }],
    },
    data: { claimedAt: now, attempts: { increment: 1 } },
  });
  return count === 1;
}

/**
 * Delivers what is pending, oldest first. Any number of senders (requests, the job, other processes)
 * may run at once: each mail is claimed by one conditional update before it is sent, so it is sent
 * once; a delivery error releases the claim for a later try.
 */
export async function deliverPendingMail(options: { limit?: number; now?: Date } = {}) {
  const transport = getTransport();
  if (!transport) return { sent: 0, failed: 0 };
  const now = options.now ?? new Date();
  const pending = await prisma.outboundMail.findMany({
    where: {
      status: "pending",
      OR: [{ claimedAt: null }, { claimedAt: { lt: new Date(now.getTime() - CLAIM_TIMEOUT_MS) } }],
    },
    orderBy: { createdAt: "asc" },
    take: options.limit ?? 500,
  });
  let sent = 0;
  let failed = 0;
  for (const mail of pending) {
    if (!(await claim(mail.id, now))) continue;
    try {
      await transport.sendMail({
        from: env.MAIL_FROM,
        to: mail.toAddress,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        // Stable across retries: a receiving server that got the mail before the crash can drop the copy.
        messageId: `<${mail.id}@hocdanvan>`,
      });
      await prisma.outboundMail.update({ where: { id: mail.id }, data: { status: "sent", sentAt: new Date() } });
      sent++;
    } catch (error) {
      failed++;
      const message = error instanceof Error ? error.message : String(error);
      await prisma.outboundMail.update({
        where: { id: mail.id },
        data: {
          lastError: message.slice(0, 500),
          claimedAt: null,
          status: mail.attempts + 1 >= MAX_ATTEMPTS ? "failed" : "pending",
        },
      });
    }
  }
  return { sent, failed };
}

let running: Promise<unknown> | null = null;
let again = false;

/**
 * Starts a delivery in the background after a request queued mail: the response does not wait for
 * SMTP (nor does its timing reveal whether a mail was due). Coalesces: one run per process at a time.
 */
export function kickMailDelivery() {
  if (running) {
    again = true;
    return;
  }
  running = deliverPendingMail()
    .catch((error) => console.error("Gửi thư thất bại:", error instanceof Error ? error.message : error))
    .finally(() => {
      running = null;
      if (again) {
        again = false;
        kickMailDelivery();
      }
    });
}

/** Tests and jobs: waits for the background delivery started by kickMailDelivery, if any. */
export async function mailDeliveryIdle() {
  while (running) await running;
}

/**
 * Every server process sweeps the outbox now and then, so a mail whose immediate delivery failed (SMTP
 * down, the process stopped) goes out later. Several processes may sweep: claims keep it to one send.
 */
export function startOutboxSweeper(intervalMs = 30_000) {
  const timer = setInterval(kickMailDelivery, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
