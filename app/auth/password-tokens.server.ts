import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import { z } from "zod";

import { recordAudit } from "~/audit/audit.server";
import { normalizeEmail } from "~/auth/login.server";
import { hashPassword } from "~/auth/password.server";
import { passwordField } from "~/auth/password-policy";
import { createSession, invalidateAllSessions } from "~/auth/session.server";
import { takeRateLimit } from "~/auth/throttle.server";
import { type Db, prisma } from "~/db.server";
import { env, PUBLIC_ORIGIN } from "~/env.server";
import { kickMailDelivery, queueMail } from "~/mail/outbox.server";
import { defaultSenderUnit, renderMail } from "~/mail/templates.server";
import { DomainError } from "~/utils/errors";

/**
 * Password links: a random token in the mailed URL, its SHA-256 in PasswordToken (like sessions), one
 * use, a short life for resets (whoever reads the mailbox later cannot use it) and a week for new
 * accounts (people are told by their unit and may not read mail at once).
 */
export type PasswordTokenPurpose = "set" | "reset";

const LIFETIME_MS: Record<PasswordTokenPurpose, number> = {
  reset: 60 * 60 * 1000,
  set: 7 * 24 * 60 * 60 * 1000,
};

export const SET_PASSWORD_PATH = "/set-password";

function tokenHash(token: string) {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/** Creates a token (invalidating the user's earlier unused ones of any purpose) and returns it. */
export async function createPasswordToken(
  db: Db,
  options: { userId: string; purpose: PasswordTokenPurpose; now?: Date },
) {
  const bytes = new Uint8Array(25);
  crypto.getRandomValues(bytes);
  const token = encodeBase32LowerCaseNoPadding(bytes);
  const now = options.now ?? new Date();
  // Only the newest link works: an older mail left in an inbox is dead.
  await db.passwordToken.deleteMany({ where: { userId: options.userId, usedAt: null } });
  await db.passwordToken.create({
    data: {
      id: tokenHash(token),
      userId: options.userId,
      purpose: options.purpose,
      expiresAt: new Date(now.getTime() + LIFETIME_MS[options.purpose]),
      createdAt: now,
    },
  });
  return token;
}

export function passwordLink(token: string) {
  return `${PUBLIC_ORIGIN}${SET_PASSWORD_PATH}?token=${token}`;
}

/**
 * Mails a set-password link to a user an administrator or unit manager created or imported (or asks
 * for again). The mail names the sender's unit. Returns nothing of the token: it lives only in the mail.
 */
export async function sendSetPasswordLink(options: {
  userId: string;
  senderUnitName: string;
  /** Who asked for it from the admin pages, for the audit log (imports and creations log their own entry). */
  audit?: { actorId: string; ip?: string };
  now?: Date;
}) {
  await prisma.$transaction(async (tx) => {
    const user = await tx.user.findUniqueOrThrow({ where: { id: options.userId }, include: { unit: true } });
    if (!user.active) throw new DomainError("Tài khoản này đã bị vô hiệu hóa: không gửi liên kết.", { status: 409 });
    const token = await createPasswordToken(tx, { userId: user.id, purpose: "set", now: options.now });
    if (options.audit)
      await recordAudit(tx, {
        actorId: options.audit.actorId,
        action: "user.password_link",
        targetType: "user",
        targetId: user.id,
        after: { email: user.email },
        ip: options.audit.ip,
      });
    await queueMail(tx, {
      to: user.email,
      ...renderMail({
        subject: "Đặt mật khẩu tài khoản",
        recipientName: user.fullName,
        paragraphs: [
          `${options.senderUnitName} đã tạo cho đồng chí tài khoản học tập trên nền tảng Học Dân vận (đơn vị: ${user.unit.name}), đăng nhập bằng email ${user.email}.`,
          "Để bắt đầu, đồng chí hãy đặt mật khẩu qua liên kết dưới đây. Liên kết dùng được một lần, trong 7 ngày.",
        ],
        action: { label: "Đặt mật khẩu", url: passwordLink(token) },
        senderUnit: options.senderUnitName,
        footnote: "Nếu đồng chí không công tác tại đơn vị trên, hãy bỏ qua thư này.",
      }),
    });
  });
  kickMailDelivery();
}

export const ForgotPasswordSchema = z.object({
  email: z
    .string({ error: "Vui lòng nhập email." })
    .trim()
    .min(1, "Vui lòng nhập email.")
    .max(254, "Email quá dài.")
    .pipe(z.email({ error: "Email không hợp lệ." })),
});

/** Per address and per client IP, like sign-in: a flood of reset mails is refused either way. */
const RESETS_PER_EMAIL = 3;

/**
 * "Quên mật khẩu?": the answer is the same whether the email has an account or not (the caller shows
 * one message); only an active account gets a mail. Throttled per email and per IP.
 */
export async function requestPasswordReset(options: { email: string; ip: string; now?: Date }) {
  const email = normalizeEmail(options.email);
  const throttle = await takeRateLimit({
    keys: [
      { key: `reset:${email}`, limit: RESETS_PER_EMAIL },
      { key: `reset-ip:${options.ip}`, limit: env.LOGIN_MAX_FAILURES_PER_IP },
    ],
    now: options.now,
  });
  if (throttle.blocked) return throttle;
  const user = await prisma.user.findUnique({ where: { email }, select: { id: true, active: true, fullName: true } });
  if (user?.active) {
    await prisma.$transaction(async (tx) => {
      const token = await createPasswordToken(tx, { userId: user.id, purpose: "reset", now: options.now });
      await queueMail(tx, {
        to: email,
        ...renderMail({
          subject: "Đặt lại mật khẩu",
          recipientName: user.fullName,
          paragraphs: [
            "Có người (có thể là đồng chí) vừa yêu cầu đặt lại mật khẩu tài khoản Học Dân vận gắn với email này.",
            "Liên kết dưới đây dùng được một lần, trong 1 giờ. Đặt mật khẩu mới sẽ đăng xuất tài khoản khỏi mọi thiết bị khác.",
          ],
          action: { label: "Đặt lại mật khẩu", url: passwordLink(token) },
          senderUnit: await defaultSenderUnit(tx),
          footnote: "Nếu đồng chí không yêu cầu, hãy bỏ qua thư này: mật khẩu hiện tại vẫn giữ nguyên.",
        }),
      });
    });
    kickMailDelivery();
  }
  return { blocked: false as const };
}

/** What the set-password page may show about a token before it is used. */
export async function inspectPasswordToken(token: string, now: Date = new Date()) {
  if (!/^[a-z2-7]{40}$/.test(token)) return null;
  const row = await prisma.passwordToken.findUnique({
    where: { id: tokenHash(token) },
    include: { user: { select: { email: true, fullName: true, active: true } } },
  });
  if (!row || row.usedAt || row.expiresAt <= now || !row.user.active) return null;
  return { purpose: row.purpose === "set" ? ("set" as const) : ("reset" as const), email: row.user.email };
}

export const SetPasswordSchema = z
  .object({
    token: z.string().max(100).default(""),
    password: passwordField,
    confirmPassword: z.string().max(1024, "Mật khẩu quá dài.").default(""),
  })
  .refine((v) => v.password === v.confirmPassword, {
    path: ["confirmPassword"],
    message: "Mật khẩu nhập lại không khớp.",
  });

/**
 * Uses a token: sets the password, marks the token used (a conditional update, so two tabs posting
 * the same link set it once), ends every session of the user, and opens a new one for this browser.
 */
export async function usePasswordToken(options: { token: string; password: string; userAgent?: string; now?: Date }) {
  const now = options.now ?? new Date();
  const invalid = new DomainError(
    "Liên kết này không còn dùng được (đã dùng, đã hết hạn hoặc đã có liên kết mới hơn). Hãy yêu cầu liên kết mới.",
    { field: "token", status: 410 },
  );
  if (!/^[a-z2-7]{40}$/.test(options.token)) throw invalid;
  const passwordHash = await hashPassword(options.password);
  const userId = await prisma.$transaction(async (tx) => {
    const row = await tx.passwordToken.findUnique({ where: { id: tokenHash(options.token) } });
    if (!row) return null;
    const { count } = await tx.passwordToken.updateMany({
      where: { id: row.id, usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    if (count !== 1) return null;
    const user = await tx.user.findUnique({ where: { id: row.userId }, select: { active: true } });
    if (!user?.active) return null;
    await tx.user.update({ where: { id: row.userId }, data: { passwordHash, passwordChangedAt: now } });
    return row.userId;
  });
  if (!userId) throw invalid;
  await invalidateAllSessions(userId);
  const { token, session } = await createSession({ userId, userAgent: options.userAgent, now });
  const roles = await prisma.userRole.findMany({ where: { userId }, select: { role: true } });
  return { sessionToken: token, expiresAt: session.expiresAt, roles: roles.map((r) => r.role) };
}
