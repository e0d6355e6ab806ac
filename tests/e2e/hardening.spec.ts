/**
 * Issue #11 (hardening), over HTTP against the built server: each finding reproduced as a request
 * an attacker could send, with what must come back.
 */
import http from "node:http";

import { hashPassword } from "~/auth/password.server";
import type { Role } from "~/auth/roles";
import { prisma } from "~/db.server";

import { DEMO, expect, sessionCookieFor, test } from "./fixtures";

async function cookieHeader(email: string, baseURL: string) {
  const cookie = await sessionCookieFor(email, baseURL);
  return `${cookie.name}=${cookie.value}`;
}

async function managerUnitId() {
  return (await prisma.user.findUniqueOrThrow({ where: { email: DEMO.manager } })).unitId;
}

/** A POST that announces a body of this length and sends none of it; resolves with the answer. */
function headersOnlyPost(options: { baseURL: string; path: string; contentLength: number }) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(new URL(options.path, options.baseURL), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "content-length": options.contentLength },
    });
    req.on("response", (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.flushHeaders();
  });
}

let seq = 0;
async function userInManagersUnit(roles: Role[]) {
  seq += 1;
  return prisma.user.create({
    data: {
      email: `cao-hon-${roles.join("-").toLowerCase()}-${Date.now()}-${seq}@hocdanvan.test`,
      fullName: `Người có vai trò ${roles.join(", ")}`,
      unitId: await managerUnitId(),
      passwordHash: await hashPassword("MatKhauGoc@2026"),
      roles: { create: roles.map((role) => ({ role })) },
    },
    include: { roles: true },
  });
}

test.describe("High 1: a unit manager cannot take over a more powerful account", () => {
  for (const roles of [["ADMIN"], ["TRAINER", "LEARNER"], ["UNIT_MANAGER", "LEARNER"]] as Role[][]) {
    test(`posting forms directly against a ${roles.join("+")} in the subtree changes nothing`, async ({
      request,
      baseURL,
    }) => {
      const target = await userInManagersUnit(roles);
      const cookie = await cookieHeader(DEMO.manager, baseURL!);
      const url = `/admin/users/${target.id}`;
      // Read-only: the page opens, without a form to change anything.
      const page = await request.get(url, { headers: { cookie } });
      expect(page.status()).toBe(200);
      const html = await page.text();
      expect(html).toContain("chỉ xem được thông tin");
      expect(html).not.toContain('name="password"');
      expect(html).not.toContain('value="deactivate"');
      const attempts: Record<string, string>[] = [
        {
          intent: "save",
          fullName: "Đã bị chiếm",
          email: `chiem-${target.id}@evil.example`,
          position: "",
          unitId: target.unitId,
          roles: "LEARNER",
          password: "ChiemQuyen@2026",
        },
        { intent: "deactivate" },
      ];
      for (const form of attempts) {
        const response = await request.post(url, { headers: { cookie }, form, maxRedirects: 0 });
        expect(response.status(), JSON.stringify(form)).toBe(404);
      }
      const after = await prisma.user.findUniqueOrThrow({ where: { id: target.id }, include: { roles: true } });
      expect(after.email).toBe(target.email);
      expect(after.fullName).toBe(target.fullName);
      expect(after.passwordHash).toBe(target.passwordHash);
      expect(after.active).toBe(true);
      expect(after.roles.map((r) => r.role).sort()).toEqual([...roles].sort());
    });
  }

  test("a learner in the subtree stays editable by the manager", async ({ request, baseURL }) => {
    const learner = await userInManagersUnit(["LEARNER"]);
    const cookie = await cookieHeader(DEMO.manager, baseURL!);
    const response = await request.post(`/admin/users/${learner.id}`, {
      headers: { cookie },
      form: { intent: "deactivate" },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(302);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: learner.id } })).active).toBe(false);
  });
});

test.describe("High 2 and Medium 6: bodies are bounded before parsing", () => {
  test("a 340 KB POST /login with 40,000 distinct field names is refused at once", async ({ request }) => {
    const body = Array.from({ length: 40_000 }, (_, i) => `f${i.toString(36)}${"x".repeat(3)}=1`).join("&");
    expect(body.length).toBeGreaterThan(300_000);
    const started = Date.now();
    const response = await request.post("/login", {
      data: body,
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    const elapsed = Date.now() - started;
    expect([400, 413]).toContain(response.status());
    expect(await response.text()).toContain("Lỗi");
    // Generous: this measures "milliseconds, not seconds" without flaking on a busy machine.
    expect(elapsed).toBeLessThan(2000);
    // The server is still responsive right after.
    expect((await request.get("/healthz")).status()).toBe(200);
  });

  test("a form with 5,000 fields under the size limit is refused with 400", async ({ request }) => {
    const body = Array.from({ length: 5000 }, (_, i) => `k${i}=`).join("&");
    const response = await request.post("/login", {
      data: body,
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(response.status()).toBe(400);
    expect(await response.text()).toContain("quá nhiều trường");
  });

  test("a 50 MB form is refused with 413 before it is read; an upload route takes 5 MB", async ({
    request,
    baseURL,
  }) => {
    // Only the headers are sent: the answer must come before (and without) the body.
    const started = Date.now();
    const answer = await headersOnlyPost({ baseURL: baseURL!, path: "/login", contentLength: 50 * 1024 * 1024 });
    expect(answer.status).toBe(413);
    expect(answer.body).toContain("Dữ liệu gửi lên quá lớn");
    expect(Date.now() - started).toBeLessThan(2000);
    // 1 MB is too much for a form, not for /verify (which answers on the page, not with 413).
    const mb = Buffer.alloc(1024 * 1024, "a");
    const form = await request.post("/account", {
      data: mb,
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(form.status()).toBe(413);
    const upload = await request.post("/verify", {
      multipart: { file: { name: "khong-phai.pdf", mimeType: "application/pdf", buffer: mb } },
    });
    expect(upload.status()).toBeLessThan(500);
    expect(upload.status()).not.toBe(413);
    const tooBig = await request.post("/verify", {
      multipart: {
        file: { name: "qua-lon.pdf", mimeType: "application/pdf", buffer: Buffer.alloc(6 * 1024 * 1024, 1) },
      },
    });
    expect(tooBig.status()).toBe(413);
  });
});

test.describe("Medium 5: no open redirect after sign-in", () => {
  for (const target of [
    "%2F%09%2Fevil.example",
    "%2F%0A%2Fevil.example",
    "%2Fme%0D%0ASet-Cookie%3A%20x%3D1",
    "%2F%5Cevil.example",
  ]) {
    test(`redirectTo=${target} stays on this site`, async ({ request, baseURL }) => {
      const cookie = await cookieHeader(DEMO.learner, baseURL!);
      const response = await request.get(`/login?redirectTo=${target}`, { headers: { cookie }, maxRedirects: 0 });
      expect(response.status()).toBe(302);
      const location = response.headers()["location"]!;
      expect(new URL(location, baseURL).host).toBe(new URL(baseURL!).host);
      expect(location).not.toMatch(/evil|Set-Cookie/);
    });
  }
});

test.describe("Medium 12: private pages are not cacheable", () => {
  test("signed-in pages say private, no-store and vary by cookie; public assets stay cacheable", async ({
    request,
    baseURL,
  }) => {
    const cookie = await cookieHeader(DEMO.admin, baseURL!);
    for (const path of ["/me", "/account", "/admin/users", "/admin/certificates", "/me/transcript.csv", "/courses"]) {
      const response = await request.get(path, { headers: { cookie } });
      expect(response.status(), path).toBe(200);
      expect(response.headers()["cache-control"], path).toBe("private, no-store");
      expect(response.headers()["vary"], path).toMatch(/Cookie/i);
    }
    const anonymous = await request.get("/courses");
    expect(anonymous.headers()["vary"]).toMatch(/Cookie/i);
    const favicon = await request.get("/favicon.ico", { headers: { cookie } });
    expect(favicon.headers()["cache-control"]).toMatch(/max-age=\d+/);
  });
});

test.describe("Low: odd requests get Vietnamese answers, never a 500", () => {
  test("same-origin POST with text/plain or JSON answers 415", async ({ request, baseURL }) => {
    const cookie = await cookieHeader(DEMO.learner, baseURL!);
    for (const [type, data] of [
      ["text/plain", "email=a@b.c"],
      ["application/json", JSON.stringify({ email: "a@b.c" })],
    ]) {
      const response = await request.post("/account", {
        data,
        headers: { cookie, "content-type": type!, origin: baseURL! },
      });
      expect(response.status(), type).toBe(415);
      expect(await response.text()).toContain("Định dạng dữ liệu không được hỗ trợ");
    }
  });

  test("TRACE answers a Vietnamese 405", async ({ request }) => {
    const response = await request.fetch("/", { method: "TRACE" });
    expect(response.status()).toBe(405);
    expect(await response.text()).toContain("Thao tác không được hỗ trợ");
  });

  test("malformed percent-encoding in a path gets the Vietnamese error page", async ({ request }) => {
    for (const path of ["/%E0%A4%A", "/courses/%ZZ", "/fonts/%C0"]) {
      const response = await request.get(path);
      expect(response.status(), path).toBe(400);
      const html = await response.text();
      expect(html).toContain('lang="vi"');
      expect(html).toContain("Địa chỉ trang không hợp lệ");
    }
  });

  test("production responses carry HSTS", async ({ request }) => {
    expect((await request.get("/")).headers()["strict-transport-security"]).toMatch(/max-age=\d+/);
  });

  test("a write from the same host over another scheme is refused", async ({ request, baseURL }) => {
    const other = baseURL!.replace(/^http:/, "https:");
    const response = await request.post("/logout", { headers: { origin: other }, form: {} });
    expect(response.status()).toBe(403);
    expect(await response.text()).toContain("gửi từ một trang web khác");
  });
});

test.describe("Medium 14: the throttling IP is not the client's to choose", () => {
  test("with no proxy configured, X-Forwarded-For is ignored", async ({ request }) => {
    const email = `xff-${Date.now()}@hocdanvan.test`;
    const response = await request.post("/login", {
      form: { email, password: "sai-mat-khau" },
      headers: { "x-forwarded-for": "203.0.113.9" },
    });
    expect(response.status()).toBe(401);
    const rows = await prisma.loginAttempt.findMany({ where: { createdAt: { gte: new Date(Date.now() - 60_000) } } });
    expect(rows.some((r) => r.key === `email:${email}`)).toBe(true);
    expect(rows.some((r) => r.key.includes("203.0.113.9"))).toBe(false);
  });
});

test.describe("Medium 17: /healthz reports a write probe", () => {
  test("says read ok and write ok", async ({ request }) => {
    const response = await request.get("/healthz");
    expect(response.status()).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", read: "ok", write: "ok" });
  });
});
