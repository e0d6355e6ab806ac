import { expect, test } from "./fixtures";

test("every page carries the security headers, and its scripts the CSP nonce", async ({ page }) => {
  for (const path of ["/", "/courses", "/login", "/verify"]) {
    const response = await page.goto(path);
    const headers = response!.headers();
    const csp = headers["content-security-policy"] ?? "";
    const nonce = /script-src 'self' 'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
    expect(nonce, `${path}: script-src with a nonce`).toBeTruthy();
    for (const directive of ["default-src 'self'", "object-src 'none'", "base-uri 'self'", "frame-ancestors 'none'"])
      expect(csp, path).toContain(directive);
    expect(headers, path).toMatchObject({
      "x-content-type-options": "nosniff",
      "referrer-policy": "same-origin",
      "x-frame-options": "DENY",
    });
    expect(headers["x-powered-by"], path).toBeUndefined();
    // Every inline or external script the page ships carries this response's nonce, so none is blocked.
    const scriptNonces = await page.locator("script").evaluateAll((scripts) => scripts.map((s) => s.nonce));
    for (const scriptNonce of scriptNonces) expect(scriptNonce, path).toBe(nonce);
  }
});

test("the content-assets route serves no lesson source and no path outside it", async ({ request }) => {
  for (const path of [
    "/content-assets/nhap-mon-dan-van/course.mdx",
    "/content-assets/nhap-mon-dan-van/exam.yml",
    "/content-assets/nhap-mon-dan-van/assets/..%2Fcourse.mdx",
    "/content-assets/..%2F..%2Fpackage.json",
    "/content-assets/nhap-mon-dan-van/assets/khong-co.png",
  ])
    expect((await request.get(path)).status(), path).toBe(404);
});
