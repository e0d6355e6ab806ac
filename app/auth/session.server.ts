import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";

import { prisma } from "~/db.server";
import { env } from "~/env.server";

/**
 * Sessions as Lucia (lucia-auth.com) now teaches them: the cookie carries a random token,
 * the database stores only its SHA-256 hash, expiry slides forward while the session is used.
 */

export const SESSION_COOKIE_NAME = "hdv_session";
const DAY_MS = 24 * 60 * 60 * 1000;

export type AuthUser = {
  id: string;
  email: string;
  fullName: string;
  position: string;
  unitId: string;
  unitName: string;
  unitPath: string;
  roles: string[];
  /** Unread in-app notices (the bell in the header), counted in the same statement. */
  unreadNotifications: number;
};

export type SessionValidation =
  { session: { id: string; expiresAt: Date; refreshed: boolean }; user: AuthUser } | { session: null; user: null };

export function generateSessionToken() {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

export function sessionIdFromToken(token: string) {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

function sessionLifetimeMs() {
  return env.SESSION_DAYS * DAY_MS;
}

export async function createSession(options: { userId: string; userAgent?: string; now?: Date }) {
  const token = generateSessionToken();
  const now = options.now ?? new Date();
  const session = await prisma.session.create({
    data: {
      id: sessionIdFromToken(token),
      userId: options.userId,
      expiresAt: new Date(now.getTime() + sessionLifetimeMs()),
      userAgent: (options.userAgent ?? "").slice(0, 300),
    },
  });
  return { token, session };
}

type SessionRow = {
  id: string;
  expiresAt: Date;
  userId: string;
  email: string;
  fullName: string;
  position: string;
  active: boolean;
  unitId: string;
  unitName: string;
  unitPath: string;
  roles: string | null;
  unread: number | bigint;
};

/**
 * Runs on every request that carries a cookie, so it is one raw statement (a Prisma model query
 * with its includes costs about five times more here; see README, "Hot paths use raw SQL").
 */
export async function validateSessionToken(token: string, now = new Date()): Promise<SessionValidation> {
  const sessionId = sessionIdFromToken(token);
  const rows = await prisma.$queryRaw<SessionRow[]>`
    SELECT s.id, s.expiresAt, u.id AS userId, u.email, u.fullName, u.position, u.active, u.unitId,
           un.name AS unitName, un.path AS unitPath,
           (SELECT group_concat(r.role) FROM UserRole r WHERE r.userId = u.id) AS roles,
           (SELECT COUNT(*) FROM Notification n WHERE n.userId = u.id AND n.readAt IS NULL) AS unread
    FROM Session s JOIN User u ON u.id = s.userId JOIN Unit un ON un.id = u.unitId
    WHERE s.id = ${sessionId}`;
  const row = rows[0];
  if (!row) return { session: null, user: null };
  if (now.getTime() >= row.expiresAt.getTime() || !row.active) {
    await prisma.session.deleteMany({ where: { id: sessionId } });
    return { session: null, user: null };
  }
  let expiresAt = row.expiresAt;
  let refreshed = false;
  // Slide the expiry only in the second half of the lifetime: one write per half-life, not per request.
  if (row.expiresAt.getTime() - now.getTime() < sessionLifetimeMs() / 2) {
    expiresAt = new Date(now.getTime() + sessionLifetimeMs());
    refreshed = true;
    await prisma.session.update({ where: { id: sessionId }, data: { expiresAt } });
  }
  return {
    session: { id: row.id, expiresAt, refreshed },
    user: {
      id: row.userId,
      email: row.email,
      fullName: row.fullName,
      position: row.position,
      unitId: row.unitId,
      unitName: row.unitName,
      unitPath: row.unitPath,
      roles: row.roles ? row.roles.split(",") : [],
      unreadNotifications: Number(row.unread),
    },
  };
}

export async function invalidateSession(sessionId: string) {
  await prisma.session.deleteMany({ where: { id: sessionId } });
}

/** Signs a user out everywhere: used by "đăng xuất khỏi mọi thiết bị", password change, deactivation. */
export async function invalidateAllSessions(userId: string, options: { exceptSessionId?: string } = {}) {
  await prisma.session.deleteMany({
    where: { userId, ...(options.exceptSessionId ? { id: { not: options.exceptSessionId } } : {}) },
  });
}

export async function listSessions(userId: string) {
  return prisma.session.findMany({
    where: { userId, expiresAt: { gt: new Date() } },
    orderBy: { createdAt: "desc" },
    select: { id: true, createdAt: true, expiresAt: true, userAgent: true },
  });
}

function cookieAttributes() {
  // Secure in production; localhost over http is still a secure context for browsers.
  return `Path=/; HttpOnly; SameSite=Lax${env.NODE_ENV === "production" ? "; Secure" : ""}`;
}

export function sessionCookie(token: string, expiresAt: Date) {
  return `${SESSION_COOKIE_NAME}=${token}; ${cookieAttributes()}; Expires=${expiresAt.toUTCString()}`;
}

export function blankSessionCookie() {
  return `${SESSION_COOKIE_NAME}=; ${cookieAttributes()}; Max-Age=0`;
}

export function readSessionToken(cookieHeader: string | null | undefined) {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === SESSION_COOKIE_NAME) {
      const value = rest.join("=");
      // Tokens are base32 lower-case, 32 characters; anything else is not ours.
      return /^[a-z2-7]{32}$/.test(value) ? value : null;
    }
  }
  return null;
}
