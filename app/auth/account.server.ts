import { z } from "zod";

import { hashPassword, verifyPassword } from "~/auth/password.server";
import { passwordField } from "~/auth/password-policy";
import { invalidateAllSessions } from "~/auth/session.server";
import { prisma } from "~/db.server";
import { DomainError } from "~/utils/errors";

export const ChangePasswordSchema = z
  .object({
    currentPassword: z
      .string({ error: "Vui lòng nhập mật khẩu hiện tại." })
      .min(1, "Vui lòng nhập mật khẩu hiện tại.")
      .max(1024, "Mật khẩu quá dài."),
    newPassword: passwordField,
    confirmPassword: z.string().max(1024, "Mật khẩu quá dài.").default(""),
  })
  .refine((v) => v.newPassword === v.confirmPassword, {
    path: ["confirmPassword"],
    message: "Mật khẩu nhập lại không khớp.",
  })
  .refine((v) => v.newPassword !== v.currentPassword, {
    path: ["newPassword"],
    message: "Mật khẩu mới phải khác mật khẩu hiện tại.",
  });

/**
 * Changes a password after checking the current one, and signs out every other device:
 * whoever may have learnt the old password loses their session too.
 */
export async function changePassword(options: {
  userId: string;
  currentPassword: string;
  newPassword: string;
  currentSessionId: string;
}) {
  const user = await prisma.user.findUniqueOrThrow({ where: { id: options.userId }, select: { passwordHash: true } });
  if (!(await verifyPassword(user.passwordHash, options.currentPassword))) {
    throw new DomainError("Mật khẩu hiện tại không đúng.", { field: "currentPassword" });
  }
  await prisma.user.update({
    where: { id: options.userId },
    data: { passwordHash: await hashPassword(options.newPassword), passwordChangedAt: new Date() },
  });
  await invalidateAllSessions(options.userId, { exceptSessionId: options.currentSessionId });
}

/** Whether deadline e-mails (new assignment, reminder, overdue) go to this user; in-app notices always do. */
export async function getEmailReminders(userId: string) {
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { emailReminders: true } });
  return user.emailReminders;
}

export async function setEmailReminders(options: { userId: string; enabled: boolean }) {
  await prisma.user.update({ where: { id: options.userId }, data: { emailReminders: options.enabled } });
}
