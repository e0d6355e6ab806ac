import { prisma } from "~/db.server";
import { env } from "~/env.server";

/**
 * Sign-in throttling per account and per IP, stored in the database so that a restart does
 * not reset it. Failures count within a sliding window; a success clears the account's count.
 */

export type ThrottleStatus = { blocked: false } | { blocked: true; retryAt: Date };

function keys(options: { email: string; ip: string }) {
  return { account: `email:${options.email}`, ip: `ip:${options.ip}` };
}

function windowMs() {
  return env.LOGIN_THROTTLE_MINUTES * 60 * 1000;
}

async function statusForKey(options: { key: string; limit: number; now: Date }): Promise<ThrottleStatus> {
  const since = new Date(options.now.getTime() - windowMs());
  const failures = await prisma.loginAttempt.findMany({
    where: { key: options.key, createdAt: { gt: since } },
    orderBy: { createdAt: "desc" },
    take: options.limit,
    select: { createdAt: true },
  });
  if (failures.length < options.limit) return { blocked: false };
  // Blocked until the limit-th most recent failure leaves the window.
  const oldestCounted = failures[failures.length - 1]!.createdAt;
  return { blocked: true, retryAt: new Date(oldestCounted.getTime() + windowMs()) };
}

export async function checkLoginThrottle(options: { email: string; ip: string; now?: Date }): Promise<ThrottleStatus> {
  const now = options.now ?? new Date();
  const k = keys(options);
  const [account, ip] = await Promise.all([
    statusForKey({ key: k.account, limit: env.LOGIN_MAX_FAILURES_PER_ACCOUNT, now }),
    statusForKey({ key: k.ip, limit: env.LOGIN_MAX_FAILURES_PER_IP, now }),
  ]);
  if (account.blocked && ip.blocked) {
    return { blocked: true, retryAt: account.retryAt > ip.retryAt ? account.retryAt : ip.retryAt };
  }
  return account.blocked ? account : ip;
}

export async function recordLoginFailure(options: { email: string; ip: string; now?: Date }) {
  const now = options.now ?? new Date();
  const k = keys(options);
  await prisma.$transaction([
    prisma.loginAttempt.createMany({
      data: [
        { key: k.account, createdAt: now },
        { key: k.ip, createdAt: now },
      ],
    }),
    // Pruning here keeps the table small without a background job.
    prisma.loginAttempt.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - windowMs()) } } }),
  ]);
}

export async function clearLoginFailures(options: { email: string }) {
  await prisma.loginAttempt.deleteMany({ where: { key: `email:${options.email}` } });
}
