import path from "node:path";

import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "~": path.resolve("app") } },
  test: {
    include: ["app/**/*.test.ts", "app/**/*.test.tsx", "tests/unit/**/*.test.ts"],
    globalSetup: ["tests/setup/vitest-global.ts"],
    setupFiles: ["tests/setup/vitest-db.ts"],
    pool: "forks",
    testTimeout: 20_000,
    // Seeded quiz draws: a test sees the same questions on every run (see QUIZ_DRAW_SEED).
    // No mail catcher: tests that deliver mail start their own SMTP server (configureMailTransport).
    env: { QUIZ_DRAW_SEED: "1", MAIL_CATCHER_PORT: "0" },
  },
});
