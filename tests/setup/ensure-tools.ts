/**
 * Before the tests: the machine tools they use must exist — a Chromium for Playwright, and
 * poppler-utils (pdftotext, pdftoppm) for reading certificates back. As root on Debian they are
 * installed; elsewhere the exact command to run is printed.
 */
import { execSync } from "node:child_process";

import { hasUsableChromium } from "./browser";

function has(command: string) {
  try {
    execSync(`command -v ${command}`, { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

const missing: string[] = [];
if (!hasUsableChromium()) missing.push("chromium", "fonts-noto-core");
if (!has("pdftotext") || !has("pdftoppm")) missing.push("poppler-utils");

if (missing.length) {
  const install = `apt-get update && apt-get install -y ${missing.join(" ")}`;
  if (process.getuid?.() === 0 && has("apt-get")) {
    console.log(`Installing what the tests need: ${install}`);
    execSync(install, { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  } else {
    console.error(
      `The tests need ${missing.join(", ")}. Install them, then run the tests again:\n  sudo sh -c '${install}'${missing.includes("chromium") ? "\nor, where Playwright can download its browser: npx playwright install chromium" : ""}`,
    );
    process.exit(1);
  }
}
