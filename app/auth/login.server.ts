import { getDummyPasswordHash, verifyPassword } from "~/auth/password.server";
import { createSession } from "~/auth/session.server";
import { releaseLoginAttempt, reserveLoginAttempt } from "~/auth/throttle.server";
import { prisma } from "~/db.server";

export type SignInResult =
  | { ok: true; token: string; expiresAt: Date; userId: string; roles: string[] }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "deactivated" }
  | { ok: false; reason: "throttled"; retryAt: Date };

export function normalizeEmail(email: string) {
  return email.trim().toLowerCase();
}

/**
 * Checks the throttle, then the password. Unknown email and wrong password give the same
 * answer, and both cost one argon2 verification, so neither words nor timing reveal accounts.
 */
export async function signIn(options: {
  email: string;
  password: string;
  ip: string;
  userAgent?: string;
}): Promise<SignInResult> {
  const email = normalizeEmail(options.email);
  // The attempt is counted as a failure before the password is checked (atomically with the check).
  const throttle = await reserveLoginAttempt({ email, ip: options.ip });
  if (throttle.blocked) return { ok: false, reason: "throttled", retryAt: throttle.retryAt };

  const user = await prisma.user.findUnique({
    where: { email },
    select: { id: true, passwordHash: true, active: true, roles: { select: { role: true } } },
  });
  const passwordOk = await verifyPassword(user?.passwordHash ?? (await getDummyPasswordHash()), options.password);
  if (!user || !passwordOk) return { ok: false, reason: "invalid" }; // the reserved failure stays
  if (!user.active) return { ok: false, reason: "deactivated" };

  await releaseLoginAttempt({ email, ip: options.ip, reservation: throttle.reservation });
  const { token, session } = await createSession({ userId: user.id, userAgent: options.userAgent });
  return { ok: true, token, expiresAt: session.expiresAt, userId: user.id, roles: user.roles.map((r) => r.role) };
}
