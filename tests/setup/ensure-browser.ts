/** Before the browser tests: make sure a Chromium exists, installing Debian's as root. */
import { execSync } from "node:child_process";
import { hasUsableChromium } from "./browser";

const INSTALL = "apt-get update && apt-get install -y chromium fonts-noto-core";

if (!hasUsableChromium()) {
  const isRoot = process.getuid?.() === 0;
  let hasApt = false;
  try {
    execSync("command -v apt-get", { stdio: "ignore" });
    hasApt = true;
  } catch {
    // not a Debian-like system
  }
  if (isRoot && hasApt) {
    console.log(`No Chromium found: installing Debian's (${INSTALL})`);
    execSync(INSTALL, { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  } else {
    console.error(`No usable Chromium found for the browser tests. Install one, then run the tests again:\n  sudo sh -c '${INSTALL}'\nor, where Playwright can download its browser:\n  npx playwright install chromium`);
    process.exit(1);
  }
}
