import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { requestPasswordReset, usePasswordToken } from "~/auth/password-tokens.server";
import { createSession, validateSessionToken } from "~/auth/session.server";
import { prisma } from "~/db.server";
import { readCaughtMail, startMailCatcher } from "~/mail/catcher.server";
import { configureMailTransport, deliverPendingMail, mailDeliveryIdle, queueMail } from "~/mail/outbox.server";
import { renderMail } from "~/mail/templates.server";

import { makeUser } from "../../tests/factories";
import { passwordLinkIn } from "../../tests/mail";

let dir: string;
let smtp: Awaited<ReturnType<typeof startMailCatcher>>;
let ipCounter = 0;
const freshIp = () => `10.9.0.${++ipCounter}`;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "hdv-mail-"));
  smtp = await startMailCatcher({ dir });
  configureMailTransport({ host: "127.0.0.1", port: smtp.port });
});
afterAll(async () => {
  await smtp.close();
  await fs.rm(dir, { recursive: true, force: true });
});

async function mailTo(address: string) {
  await mailDeliveryIdle();
  await deliverPendingMail();
  return (await readCaughtMail(dir)).filter((m) => m.to.includes(address));
}

describe("outbox", () => {
  test("a queued mail arrives once through a real SMTP server, with a plain-text part, however many senders run", async () => {
    const to = `hop-thu-${Date.now()}@thu.test`;
    await queueMail(prisma, {
      to,
      ...renderMail({
        subject: "Thư thử",
        recipientName: "Nguyễn Văn A",
        paragraphs: ["Nội dung có dấu: Dân vận khéo."],
        senderUnit: "Ban Tuyên giáo và Dân vận Tỉnh ủy",
      }),
    });
    await Promise.all([deliverPendingMail(), deliverPendingMail(), deliverPendingMail()]);
    const mails = await mailTo(to);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe("[Học Dân vận] Thư thử");
    expect(mails[0]!.text).toContain("Kính gửi đồng chí Nguyễn Văn A,");
    expect(mails[0]!.text).toContain("Ban Tuyên giáo và Dân vận Tỉnh ủy");
    expect(mails[0]!.text).toContain("Nền tảng bồi dưỡng Học Dân vận");
    expect(mails[0]!.html).toContain("Dân vận khéo.");
    const row = await prisma.outboundMail.findFirstOrThrow({ where: { toAddress: to } });
    expect(row.status).toBe("sent");
    expect(row.attempts).toBe(1);
  });

  test("HTML in a message is escaped in the HTML part", () => {
    const mail = renderMail({
      subject: "x",
      recipientName: "<script>alert(1)</script>",
      paragraphs: ["<b>đậm</b>"],
      senderUnit: "Đơn vị",
    });
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).toContain("&lt;b&gt;đậm&lt;/b&gt;");
  });
});

describe("password reset", () => {
  test("an existing account gets a link that works once, ends its other sessions and signs this browser in", async () => {
    const user = await makeUser();
    const other = await createSession({ userId: user.id });
    const result = await requestPasswordReset({ email: user.email.toUpperCase(), ip: freshIp() });
    expect(result.blocked).toBe(false);
    const mails = await mailTo(user.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe("[Học Dân vận] Đặt lại mật khẩu");
    expect(mails[0]!.text).toContain("trong 1 giờ");
    const token = new URL(passwordLinkIn(mails[0]!.text)).searchParams.get("token")!;
    // Only the hash is stored.
    expect(await prisma.passwordToken.count({ where: { id: token } })).toBe(0);

    const used = await usePasswordToken({ token, password: "MatKhauMoi@2027" });
    expect((await validateSessionToken(other.token)).user).toBeNull();
    expect((await validateSessionToken(used.sessionToken)).user?.id).toBe(user.id);
    await expect(usePasswordToken({ token, password: "MatKhauKhac@2027" })).rejects.toThrow(/không còn dùng được/);
  });

  test("an unknown email gets the same answer and no mail", async () => {
    const email = `khong-co-${Date.now()}@thu.test`;
    expect(await requestPasswordReset({ email, ip: freshIp() })).toEqual({ blocked: false });
    expect(await mailTo(email)).toHaveLength(0);
    expect(await prisma.outboundMail.count({ where: { toAddress: email } })).toBe(0);
  });

  test("a deactivated account gets no mail", async () => {
    const user = await makeUser({ active: false });
    expect(await requestPasswordReset({ email: user.email, ip: freshIp() })).toEqual({ blocked: false });
    expect(await prisma.outboundMail.count({ where: { toAddress: user.email } })).toBe(0);
  });

  test("requests are throttled per email, whatever the address exists", async () => {
    const email = `nhieu-lan-${Date.now()}@thu.test`;
    for (let i = 0; i < 3; i++) expect((await requestPasswordReset({ email, ip: freshIp() })).blocked).toBe(false);
    expect((await requestPasswordReset({ email, ip: freshIp() })).blocked).toBe(true);
  });

  test("a reset link expires after an hour, and a newer link kills the older one", async () => {
    const user = await makeUser();
    const t0 = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await requestPasswordReset({ email: user.email, ip: freshIp(), now: t0 });
    await requestPasswordReset({ email: user.email, ip: freshIp() });
    const mails = await mailTo(user.email);
    expect(mails).toHaveLength(2);
    const [old, fresh] = mails.map((m) => new URL(passwordLinkIn(m.text)).searchParams.get("token")!);
    await expect(usePasswordToken({ token: old!, password: "MatKhauMoi@2027" })).rejects.toThrow(/không còn/);
    // Expired: an hour and a minute after the fresh link was made.
    await expect(
      usePasswordToken({ token: fresh!, password: "MatKhauMoi@2027", now: new Date(Date.now() + 61 * 60 * 1000) }),
    ).rejects.toThrow(/không còn/);
    await expect(usePasswordToken({ token: fresh!, password: "MatKhauMoi@2027" })).resolves.toBeTruthy();
  });

  test("two uses of one link at once set the password once", async () => {
    const user = await makeUser();
    await requestPasswordReset({ email: user.email, ip: freshIp() });
    const token = new URL(passwordLinkIn((await mailTo(user.email))[0]!.text)).searchParams.get("token")!;
    const results = await Promise.allSettled([
      usePasswordToken({ token, password: "MatKhauMot@2027" }),
      usePasswordToken({ token, password: "MatKhauHai@2027" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });
});
