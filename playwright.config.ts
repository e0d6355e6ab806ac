import net from "node:net";
import path from "node:path";

import { defineConfig, devices } from "@playwright/test";

import { findChromium } from "./tests/setup/browser";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

// Chosen once in the runner; workers inherit them through the environment.
process.env.E2E_PORT ??= String(await freePort());
process.env.E2E_DB ??= path.resolve(`tests/.tmp/e2e-${Date.now()}.db`);
// The server sends mail to a real SMTP server the runner starts (tests/setup/e2e-mail.ts); tests read this folder.
process.env.E2E_SMTP_PORT ??= String(await freePort());
process.env.E2E_MAIL_DIR ??= path.resolve(`tests/.tmp/mail-${Date.now()}`);
// Fixtures (sign-in without the form) open the same database as the server.
process.env.DATABASE_URL = `file:${process.env.E2E_DB}`;
const baseURL = `http://localhost:${process.env.E2E_PORT}`;
// The server's public origin (required in production); fixtures that issue certificates use it too.
process.env.APP_ORIGIN = baseURL;

const executablePath = findChromium();
const launchOptions = {
  ...(executablePath ? { executablePath } : {}),
  // Without these, Chromium tries to reach Google's services and floods the closed network.
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  retries: 0,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  // Generous: axe runs on every page, and CI shares 2 cores between the server, Chromium and the runner.
  timeout: 90_000,
  expect: { timeout: 10_000 },
  use: { baseURL, trace: "retain-on-failure", locale: "vi-VN", timezoneId: "Asia/Ho_Chi_Minh" },
  projects: [
    { name: "chromium", use: { ...devices["Desktop Chrome"], launchOptions }, grepInvert: /@no-js/ },
    { name: "no-js", use: { ...devices["Pixel 7"], launchOptions, javaScriptEnabled: false }, grep: /@no-js/ },
  ],
  globalSetup: "./tests/setup/e2e-mail.ts",
  webServer: {
    command: "npx tsx tests/setup/e2e-server.ts",
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    // Migrate, seed and build all content first: give a loaded 2-core machine room.
    timeout: 180_000,
    stdout: "ignore",
    stderr: "pipe",
    // A seeded quiz draw: every test sees the same questions on every run (see QUIZ_DRAW_SEED).
    env: {
      PORT: process.env.E2E_PORT,
      E2E_DB: process.env.E2E_DB,
      NODE_ENV: "production",
      APP_ORIGIN: baseURL,
      QUIZ_DRAW_SEED: "1",
      SMTP_HOST: "127.0.0.1",
      SMTP_PORT: process.env.E2E_SMTP_PORT,
    },
  },
});
