import { describe, expect, test } from "vitest";

import { isForeignWrite } from "~/auth/csrf.server";
import { signIn } from "~/auth/login.server";
import {
  createSession,
  invalidateAllSessions,
  invalidateSession,
  readSessionToken,
  sessionIdFromToken,
  validateSessionToken,
} from "~/auth/session.server";
import { checkLoginThrottle, recordLoginFailure } from "~/auth/throttle.server";
import { prisma } from "~/db.server";
import { env } from "~/env.server";

import { makeUser, TEST_PASSWORD } from "../../tests/factories";

const DAY = 24 * 60 * 60 * 1000;
let ipCounter = 0;
const freshIp = () => `10.0.0.${++ipCounter}`;

describe("signIn", () => {
  test("right password signs in and stores only the token's hash", async () => {
    const user = await makeUser();
    const result = await signIn({ email: user.email, password: TEST_PASSWORD, ip: freshIp() });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const stored = await prisma.session.findMany({ where: { userId: user.id } });
    expect(stored).toHaveLength(1);
    expect(stored[0]!.id).toBe(sessionIdFromToken(result.token));
    expect(stored[0]!.id).not.toContain(result.token);
  });

  test("email is matched case-insensitively and trimmed", async () => {
    const user = await makeUser();
    const result = await signIn({ email: `  ${user.email.toUpperCase()} `, password: TEST_PASSWORD, ip: freshIp() });
    expect(result.ok).toBe(true);
  });

  test("wrong password and unknown email give the same answer", async () => {
    const user = await makeUser();
    const wrong = await signIn({ email: user.email, password: "sai-mat-khau", ip: freshIp() });
    const unknown = await signIn({ email: "khong-ton-tai@thu.test", password: TEST_PASSWORD, ip: freshIp() });
    expect(wrong).toEqual({ ok: false, reason: "invalid" });
    expect(unknown).toEqual({ ok: false, reason: "invalid" });
  });

  test("a deactivated user cannot sign in, even with the right password", async () => {
    const user = await makeUser({ active: false });
    expect(await signIn({ email: user.email, password: TEST_PASSWORD, ip: freshIp() })).toEqual({
      ok: false,
      reason: "deactivated",
    });
    expect(await signIn({ email: user.email, password: "sai", ip: freshIp() })).toEqual({
      ok: false,
      reason: "invalid",
    });
  });
});

describe("throttling", () => {
  test("blocks an account after repeated failures, even with the right password, and says when to retry", async () => {
    const user = await makeUser();
    for (let i = 0; i < env.LOGIN_MAX_FAILURES_PER_ACCOUNT; i++) {
      // Each from a different address: the per-account limit must hold across IPs.
      expect((await signIn({ email: user.email, password: "sai", ip: freshIp() })).ok).toBe(false);
    }
    const blocked = await signIn({ email: user.email, password: TEST_PASSWORD, ip: freshIp() });
    expect(blocked.ok).toBe(false);
    if (blocked.ok || blocked.reason !== "throttled") throw new Error("expected throttled");
    const minutes = (blocked.retryAt.getTime() - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(env.LOGIN_THROTTLE_MINUTES - 1);
    expect(minutes).toBeLessThanOrEqual(env.LOGIN_THROTTLE_MINUTES);
  });

  test("the block lifts once the failures leave the window", async () => {
    const email = "cua-so@thu.test";
    const ip = freshIp();
    const longAgo = new Date(Date.now() - (env.LOGIN_THROTTLE_MINUTES + 1) * 60_000);
    for (let i = 0; i < env.LOGIN_MAX_FAILURES_PER_ACCOUNT; i++) await recordLoginFailure({ email, ip, now: longAgo });
    expect(await checkLoginThrottle({ email, ip })).toEqual({ blocked: false });
    expect((await checkLoginThrottle({ email, ip, now: longAgo })).blocked).toBe(true);
  });

  test("a successful sign-in resets the account's failure count", async () => {
    const user = await makeUser();
    const ip = freshIp();
    for (let i = 0; i < env.LOGIN_MAX_FAILURES_PER_ACCOUNT - 1; i++)
      await signIn({ email: user.email, password: "sai", ip });
    expect((await signIn({ email: user.email, password: TEST_PASSWORD, ip })).ok).toBe(true);
    for (let i = 0; i < env.LOGIN_MAX_FAILURES_PER_ACCOUNT - 1; i++)
      await signIn({ email: user.email, password: "sai", ip });
    expect((await signIn({ email: user.email, password: TEST_PASSWORD, ip })).ok).toBe(true);
  });

  test("blocks an IP that tries many accounts", async () => {
    const ip = freshIp();
    for (let i = 0; i < env.LOGIN_MAX_FAILURES_PER_IP; i++)
      await recordLoginFailure({ email: `doan-${i}@thu.test`, ip });
    const user = await makeUser();
    const result = await signIn({ email: user.email, password: TEST_PASSWORD, ip });
    expect(result).toMatchObject({ ok: false, reason: "throttled" });
  });
});

describe("throttling without denial of service", () => {
  test("others' failures do not lock the owner out of the address they signed in from before", async () => {
    const user = await makeUser();
    const home = freshIp();
    expect((await signIn({ email: user.email, password: TEST_PASSWORD, ip: home })).ok).toBe(true);
    // An attacker elsewhere exhausts the account's limit (and more).
    for (let i = 0; i < env.LOGIN_MAX_FAILURES_PER_ACCOUNT + 3; i++)
      await signIn({ email: user.email, password: "sai", ip: freshIp() });
    expect((await signIn({ email: user.email, password: TEST_PASSWORD, ip: freshIp() })).ok).toBe(false);
    // The owner, from their known address, still signs in.
    expect((await signIn({ email: user.email, password: TEST_PASSWORD, ip: home })).ok).toBe(true);
  });

  test("guesses from the owner's own address are still limited", async () => {
    const user = await makeUser();
    const home = freshIp();
    expect((await signIn({ email: user.email, password: TEST_PASSWORD, ip: home })).ok).toBe(true);
    for (let i = 0; i < env.LOGIN_MAX_FAILURES_PER_ACCOUNT; i++)
      await signIn({ email: user.email, password: "sai", ip: home });
    expect(await signIn({ email: user.email, password: TEST_PASSWORD, ip: home })).toMatchObject({
      ok: false,
      reason: "throttled",
    });
  });

  test("concurrent guesses cannot get past the limit", async () => {
    const user = await makeUser();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => signIn({ email: user.email, password: "sai", ip: freshIp() })),
    );
    const judged = results.filter((r) => !r.ok && r.reason === "invalid").length;
    expect(judged).toBe(env.LOGIN_MAX_FAILURES_PER_ACCOUNT);
  });
});

describe("sessions", () => {
  test("a valid session returns its user with roles and unit path", async () => {
    const user = await makeUser({ roles: ["LEARNER", "TRAINER"] });
    const { token } = await createSession({ userId: user.id });
    const result = await validateSessionToken(token);
    expect(result.user?.id).toBe(user.id);
    expect(result.user?.roles.sort()).toEqual(["LEARNER", "TRAINER"]);
    expect(result.user?.unitPath).toBe(user.unit.path);
  });

  test("an expired session is rejected and deleted", async () => {
    const user = await makeUser();
    const { token, session } = await createSession({
      userId: user.id,
      now: new Date(Date.now() - (env.SESSION_DAYS + 1) * DAY),
    });
    expect(await validateSessionToken(token)).toEqual({ session: null, user: null });
    expect(await prisma.session.findUnique({ where: { id: session.id } })).toBeNull();
  });

  test("expiry slides forward only in the second half of the lifetime", async () => {
    const user = await makeUser();
    const fresh = await createSession({ userId: user.id });
    expect((await validateSessionToken(fresh.token)).session?.refreshed).toBe(false);
    const old = await createSession({ userId: user.id, now: new Date(Date.now() - (env.SESSION_DAYS - 2) * DAY) });
    const validated = await validateSessionToken(old.token);
    expect(validated.session?.refreshed).toBe(true);
    expect(validated.session!.expiresAt.getTime()).toBeGreaterThan(Date.now() + (env.SESSION_DAYS - 1) * DAY);
  });

  test("a revoked session is rejected", async () => {
    const user = await makeUser();
    const { token, session } = await createSession({ userId: user.id });
    await invalidateSession(session.id);
    expect((await validateSessionToken(token)).user).toBeNull();
  });

  test("logging out everywhere ends every session of that user only", async () => {
    const user = await makeUser();
    const other = await makeUser();
    const a = await createSession({ userId: user.id });
    const b = await createSession({ userId: user.id });
    const c = await createSession({ userId: other.id });
    await invalidateAllSessions(user.id);
    expect((await validateSessionToken(a.token)).user).toBeNull();
    expect((await validateSessionToken(b.token)).user).toBeNull();
    expect((await validateSessionToken(c.token)).user?.id).toBe(other.id);
  });

  test("a deactivated user's session stops working", async () => {
    const user = await makeUser();
    const { token } = await createSession({ userId: user.id });
    await prisma.user.update({ where: { id: user.id }, data: { active: false } });
    expect((await validateSessionToken(token)).user).toBeNull();
  });

  test("only well-formed tokens are read from the cookie header", () => {
    const token = "a".repeat(32);
    expect(readSessionToken(`x=1; hdv_session=${token}; y=2`)).toBe(token);
    expect(readSessionToken("hdv_session=../../etc")).toBeNull();
    expect(readSessionToken(undefined)).toBeNull();
  });
});

describe("cross-origin writes", () => {
  const host = "hocdanvan.example.vn";
  test.each([
    { method: "POST", origin: "https://evil.example", expected: true },
    { method: "POST", origin: "null", expected: true },
    { method: "POST", origin: `https://${host}`, expected: false },
    { method: "POST", secFetchSite: "cross-site", expected: true },
    { method: "POST", secFetchSite: "same-site", expected: true },
    { method: "POST", secFetchSite: "same-origin", expected: false },
    { method: "POST", expected: false },
    { method: "GET", origin: "https://evil.example", expected: false },
    { method: "DELETE", origin: "https://evil.example", expected: true },
    // Same host, other scheme: a page served over plain HTTP (or an attacker's downgrade) is foreign.
    { method: "POST", origin: `http://${host}`, expected: true },
    { method: "POST", origin: `https://${host}:8443`, expected: true },
  ])("$method origin=$origin site=$secFetchSite → foreign: $expected", ({ expected, ...request }) => {
    expect(isForeignWrite({ ...request, host, protocol: "https" })).toBe(expected);
  });
});

describe("changing one's password", () => {
  test("needs the current password, then signs out every other device but this one", async () => {
    const { changePassword } = await import("~/auth/account.server");
    const user = await makeUser();
    const here = await createSession({ userId: user.id });
    const phone = await createSession({ userId: user.id });
    await expect(
      changePassword({
        userId: user.id,
        currentPassword: "sai",
        newPassword: "MoiHon@2026",
        currentSessionId: here.session.id,
      }),
    ).rejects.toMatchObject({ field: "currentPassword", message: "Mật khẩu hiện tại không đúng." });
    expect((await validateSessionToken(phone.token)).user).not.toBeNull();
    await changePassword({
      userId: user.id,
      currentPassword: TEST_PASSWORD,
      newPassword: "MoiHon@2026",
      currentSessionId: here.session.id,
    });
    expect((await validateSessionToken(here.token)).user?.id).toBe(user.id);
    expect((await validateSessionToken(phone.token)).user).toBeNull();
    expect((await signIn({ email: user.email, password: TEST_PASSWORD, ip: freshIp() })).ok).toBe(false);
    expect((await signIn({ email: user.email, password: "MoiHon@2026", ip: freshIp() })).ok).toBe(true);
  });

  test("the form rules are explained in Vietnamese", async () => {
    const { ChangePasswordSchema } = await import("~/auth/account.server");
    const result = ChangePasswordSchema.safeParse({
      currentPassword: "",
      newPassword: "ngan",
      confirmPassword: "khac",
    });
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((i) => i.message);
    expect(messages).toContain("Vui lòng nhập mật khẩu hiện tại.");
    expect(messages).toContain("Mật khẩu phải có ít nhất 8 ký tự.");
  });
});
