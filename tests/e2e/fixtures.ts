import AxeBuilder from "@axe-core/playwright";
import { type Browser, expect, type Page, test as base } from "@playwright/test";

import { createSession, SESSION_COOKIE_NAME } from "~/auth/session.server";
import { prisma } from "~/db.server";

import { correctAnswerFields } from "../quiz-forms";

export const DEMO = {
  admin: "quantri@hocdanvan.test",
  trainer: "giangvien@hocdanvan.test",
  manager: "quanly@hocdanvan.test",
  learner: "hocvien@hocdanvan.test",
} as const;
export const DEMO_PASSWORD = "DanVanKheo@2026";

type Fixtures = {
  /** Signs the page's browser context in as a user by email, without the form: a session row plus its cookie. */
  loginAs: (email: string) => Promise<void>;
};

/** A session for the user with this email, inserted directly, and the cookie that carries it. */
export async function sessionCookieFor(email: string, baseURL: string) {
  const user = await prisma.user.findUniqueOrThrow({ where: { email } });
  const { token, session } = await createSession({ userId: user.id, userAgent: "playwright" });
  return {
    name: SESSION_COOKIE_NAME,
    value: token,
    url: baseURL,
    httpOnly: true,
    secure: true,
    sameSite: "Lax" as const,
    expires: Math.floor(session.expiresAt.getTime() / 1000),
  };
}

export const test = base.extend<Fixtures>({
  // Every test fails on a console error or an uncaught exception in its page. A document the test
  // opened on purpose with a 4xx (a 404 page, a 403) logs "Failed to load resource": that one is not a bug.
  page: async ({ page }, use) => {
    const errors: string[] = [];
    const refusedDocuments = new Set<string>();
    page.on("response", (response) => {
      if (response.request().resourceType() === "document" && response.status() >= 400)
        refusedDocuments.add(response.url());
    });
    page.on("console", (message) => {
      if (message.type() !== "error" || message.text().startsWith("AbortError:")) return;
      const expected =
        /^Failed to load resource: the server responded with a status of 4\d\d/.test(message.text()) &&
        refusedDocuments.has(message.location().url);
      if (!expected) errors.push(`${message.text()} (${message.location().url})`);
    });
    // Remix 2's single fetch logs or lets escape an abort when a test navigates while a route-discovery
    // or fetcher request is in flight (fixed upstream in react-router, "suppress abort errors in single
    // fetch"): an AbortError is the navigation winning, not a bug of ours. Every other error counts.
    page.on("pageerror", (error) => {
      if (error.name !== "AbortError") errors.push(`uncaught: ${error.name}: ${error.message}`);
    });
    await use(page);
    expect(errors, "the page logged errors in the browser console").toEqual([]);
  },
  loginAs: async ({ context, baseURL }, use) => {
    await use(async (email) => {
      await context.addCookies([await sessionCookieFor(email, baseURL!)]);
    });
  },
});

export { expect };

/**
 * Fails on any WCAG 2.1 A/AA violation on the page as it is now. Every page test calls it.
 * axe runs as a script, so for a page without JavaScript its HTML (scripts removed) is checked
 * in a JavaScript-enabled page of the same origin, where the same stylesheets load.
 */
export async function expectAccessible(page: Page) {
  const jsEnabled = test.info().project.use.javaScriptEnabled !== false;
  // A page whose URL has changed may still be streaming: check the whole document, not a prefix of it
  // (a prefix cut between a <select> and its <label> is a false "select-name" violation).
  await page.waitForLoadState("load");
  let target = page;
  let scratch: Awaited<ReturnType<Browser["newContext"]>> | undefined;
  if (!jsEnabled) {
    const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, "");
    scratch = await page
      .context()
      .browser()!
      .newContext({ javaScriptEnabled: true, viewport: page.viewportSize() ?? undefined });
    target = await scratch.newPage();
    await target.goto(new URL("/healthz", page.url()).href);
    await target.setContent(html, { waitUntil: "load" });
  }
  const results = await new AxeBuilder({ page: target })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  await scratch?.close();
  const summary = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(" ")).join("\n  ")}`,
  );
  expect(summary, `Accessibility violations on ${page.url()}`).toEqual([]);
}

/** Answers the attempt on the page with the key stored in the attempt (under its form ids), then submits. */
export async function passQuizOnPage(page: Page) {
  const attemptId = page.url().split("/").pop()!;
  for (const [name, value] of await correctAnswerFields(attemptId)) {
    if (name.split(":").length === 3) await page.locator(`select[name="${name}"]`).selectOption(value);
    else await page.locator(`input[name="${name}"][value="${value}"]`).check();
  }
  // With JavaScript every answer is saved in the background: let the last save finish, or the
  // submission's navigation aborts it (an error in the browser console).
  await page.waitForLoadState("networkidle");
  await page.getByRole("button", { name: "Nộp bài", exact: true }).click();
  await page.getByRole("button", { name: "Xác nhận nộp bài" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Đạt yêu cầu" })).toBeVisible();
}
