import { describe, expect, test } from "vitest";

import { safeRedirectPath } from "~/utils/home-path";

describe("safeRedirectPath", () => {
  test("keeps same-site paths with their query and fragment", () => {
    expect(safeRedirectPath("/me", "/")).toBe("/me");
    expect(safeRedirectPath("/courses/nhap-mon-dan-van?tab=1#bai-2", "/")).toBe(
      "/courses/nhap-mon-dan-van?tab=1#bai-2",
    );
    expect(safeRedirectPath("/search?q=d%C3%A2n%20v%E1%BA%ADn", "/")).toBe("/search?q=d%C3%A2n%20v%E1%BA%ADn");
  });

  test.each([
    ["empty", ""],
    ["missing", null],
    ["absolute URL", "https://evil.example/"],
    ["protocol-relative", "//evil.example"],
    ["backslash", "/\\evil.example"],
    ["tab between the slashes", "/\t/evil.example"],
    ["newline between the slashes", "/\n/evil.example"],
    ["carriage return and line feed (header injection)", "/me\r\nSet-Cookie: x=1"],
    ["NUL", "/me\u0000"],
    ["leading space", " /me"],
    ["javascript scheme", "javascript:alert(1)"],
    ["relative path", "me"],
    ["backslash later on", "/\\/evil.example"],
    ["encoded slash-slash stays a path", "/%2F%2Fevil.example"],
  ])("refuses %s", (_label, target) => {
    const result = safeRedirectPath(target, "/fallback");
    if (target === "/%2F%2Fevil.example") {
      // Percent-encoded slashes are one path segment on this site, not a host.
      expect(result).toBe("/%2F%2Fevil.example");
      expect(new URL(result, "https://hocdanvan.test").host).toBe("hocdanvan.test");
    } else {
      expect(result).toBe("/fallback");
    }
  });
});
