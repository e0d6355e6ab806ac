import { prisma } from "~/db.server";
import { env } from "~/env.server";

/**
 * Sign-in throttling per account and per IP, stored in the database so that a restart does not
 * reset it. Failures count within a sliding window; a success clears the account's count.
 *
 * Rows in LoginAttempt, by key:
 * - `email:<address>`: a failed sign-in on the account, from anywhere;
 * - `ip:<address>`: a failed sign-in from that IP, on any account;
 * - `pair:<email>|<ip>`: a failed sign-in on the account from an address it signed in from before;
 * - `known:<email>|<ip>`: the account signed in successfully from that address (kept KNOWN_DAYS).
 * From a known address only that address's own failures (`pair:`) lock the account, so strangers
 * guessing elsewhere cannot lock the owner out; everywhere else the account-wide count applies.
 * Each attempt reserves its failure row before the password is checked, in one write transaction
 * with the check, so concurrent guesses cannot exceed the limit; a success takes its row back.
 */

export type ThrottleStatus = { blocked: false } | { blocked: true; retryAt: Date };

const KNOWN_DAYS = 30;

function keys(options: { email: string; ip: string }) {
  return {
    account: `email:${options.email}`,
    ip: `ip:${options.ip}`,
    pair: `pair:${options.email}|${options.ip}`,
    known: `known:${options.email}|${options.ip}`,
  };
}

function windowMs() {
  return env.LOGIN_THROTTLE_MINUTES * 60 * 1000;
}

type Db = Pick<typeof prisma, "loginAttempt">;

async function statusForKey(db: Db, options: { key: string; limit: number; now: Date }): Promise<ThrottleStatus> {
  const since = new Date(options.now.getTime() - windowMs());
  const failures = await db.loginAttempt.findMany({
    where: { key: options.key, createdAt: { gt: since, lte: options.now } },
    orderBy: { createdAt: "desc" },
    take: options.limit,
    select: { createdAt: true },
  });
  if (failures.length < options.limit) return { blocked: false };
  // Blocked until the limit-th most recent failure leaves the window.
  const oldestCounted = failures[failures.length - 1]!.createdAt;
  return { blocked: true, retryAt: new Date(oldestCounted.getTime() + windowMs()) };
}

async function isKnownAddress(db: Db, options: { email: string; ip: string; now: Date }) {
  const since = new Date(options.now.getTime() - KNOWN_DAYS * 24 * 60 * 60 * 1000);
  const row = await db.loginAttempt.findFirst({
    where: { key: keys(options).known, createdAt: { gt: since } },
    select: { id: true },
  });
  return row !== null;
}

async function statusWith(db: Db, options: { email: string; ip: string; now: Date }): Promise<ThrottleStatus> {
  const k = keys(options);
  const known = await isKnownAddress(db, options);
  const [account, ip] = await Promise.all([
    statusForKey(db, { key: known ? k.pair : k.account, limit: env.LOGIN_MAX_FAILURES_PER_ACCOUNT, now: options.now }),
    statusForKey(db, { key: k.ip, limit: env.LOGIN_MAX_FAILURES_PER_IP, now: options.now }),
  ]);
  if (account.blocked && ip.blocked) {
    return { blocked: true, retryAt: account.retryAt > ip.retryAt ? account.retryAt : ip.retryAt };
  }
  return account.blocked ? account : ip;
}

export async function checkLoginThrottle(options: { email: string; ip: string; now?: Date }): Promise<ThrottleStatus> {
  return statusWith(prisma, { ...options, now: options.now ?? new Date() });
}

async function insertFailure(db: Db, options: { email: string; ip: string; now: Date }) {
  const k = keys(options);
  const known = await isKnownAddress(db, options);
  const rows = [k.account, k.ip, ...(known ? [k.pair] : [])];
  await db.loginAttempt.createMany({ data: rows.map((key) => ({ key, createdAt: options.now })) });
  return { keys: rows, createdAt: options.now };
}

/** A failure counted in advance; given back by `releaseLoginAttempt` if the password was right. */
export type LoginReservation = { keys: string[]; createdAt: Date };

/**
 * Checks the limits and, if not blocked, counts this attempt as a failure, in one write
 * transaction: N concurrent attempts see N-1, N-2… earlier ones, never the same count.
 */
export async function reserveLoginAttempt(options: {
  email: string;
  ip: string;
  now?: Date;
}): Promise<{ blocked: true; retryAt: Date } | { blocked: false; reservation: LoginReservation }> {
  const now = options.now ?? new Date();
  const outcome = await prisma.$transaction(async (tx) => {
    const status = await statusWith(tx, { ...options, now });
    if (status.blocked) return status;
    return { blocked: false as const, reservation: await insertFailure(tx, { ...options, now }) };
  });
  if (!outcome.blocked) await pruneOldAttempts(now);
  return outcome;
}

/** The password was right: the reserved failure is taken back and the account's count cleared. */
export async function releaseLoginAttempt(options: { email: string; ip: string; reservation: LoginReservation }) {
  const k = keys(options);
  await prisma.$transaction([
    prisma.loginAttempt.deleteMany({
      where: { key: { in: options.reservation.keys }, createdAt: options.reservation.createdAt },
    }),
    prisma.loginAttempt.deleteMany({ where: { key: { in: [k.account, k.pair, k.known] } } }),
    prisma.loginAttempt.create({ data: { key: k.known } }),
  ]);
}

export async function recordLoginFailure(options: { email: string; ip: string; now?: Date }) {
  const now = options.now ?? new Date();
  await insertFailure(prisma, { ...options, now });
  await pruneOldAttempts(now);
}

/** Pruning on each failure keeps the table small without a background job. */
async function pruneOldAttempts(now: Date) {
  await prisma.loginAttempt.deleteMany({
    where: {
      OR: [
        { key: { not: { startsWith: "known:" } }, createdAt: { lt: new Date(now.getTime() - windowMs()) } },
        { createdAt: { lt: new Date(now.getTime() - KNOWN_DAYS * 24 * 60 * 60 * 1000) } },
      ],
    },
  });
}

export async function clearLoginFailures(options: { email: string }) {
  await prisma.loginAttempt.deleteMany({ where: { key: `email:${options.email}` } });
}

/**
 * A plain limit on keyed events that are not sign-ins (password-reset requests): each key allows
 * `limit` events within the sign-in throttle window. Checked and counted in one write transaction,
 * like sign-in attempts, and pruned with them.
 */
export async function takeRateLimit(options: {
  keys: { key: string; limit: number }[];
  now?: Date;
}): Promise<ThrottleStatus> {
  const now = options.now ?? new Date();
  const status = await prisma.$transaction(async (tx) => {
    for (const { key, limit } of options.keys) {
      const status = await statusForKey(tx, { key, limit, now });
      if (status.blocked) return status;
    }
    await tx.loginAttempt.createMany({ data: options.keys.map(({ key }) => ({ key, createdAt: now })) });
    return { blocked: false as const };
  });
  await pruneOldAttempts(now);
  return status;
}
