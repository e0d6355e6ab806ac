import fs from "node:fs";

import { chromium } from "@playwright/test";

const SYSTEM_CHROMIUMS = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
];

/**
 * Playwright's own Chromium where it is installed (a developer laptop), otherwise a system
 * Chromium (Debian's on these machines, which cannot download Playwright's browser).
 */
export function findChromium(): string | undefined {
  try {
    const bundled = chromium.executablePath();
    if (bundled && fs.existsSync(bundled)) return undefined; // Playwright's default works
  } catch {
    // no bundled browser registered
  }
  return SYSTEM_CHROMIUMS.find((p) => fs.existsSync(p)) ?? "";
}

export function hasUsableChromium() {
  return findChromium() !== "";
}
