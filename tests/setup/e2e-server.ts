/**
 * Starts the real built server for the Playwright suite on its own fresh database:
 * migrate, seed the demo data, build the content, then load build/index.js (the production server).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

import { removeDb } from "./base-db";

const dbFile = process.env.E2E_DB;
if (!dbFile) throw new Error("E2E_DB is not set (playwright.config.ts sets it)");
if (!fs.existsSync("build/index.js")) throw new Error("build/index.js is missing: run `npm run build` first");

fs.mkdirSync(path.dirname(dbFile), { recursive: true });
removeDb(dbFile);
process.env.DATABASE_URL = `file:${dbFile}`;
execFileSync(process.execPath, [path.resolve("node_modules/prisma/build/index.js"), "migrate", "deploy"], {
  stdio: "pipe",
});
const { seedDemoData } = await import("../../prisma/seed");
await seedDemoData();
const { buildContent } = await import("../../app/content/build.server");
const report = await buildContent();
if (report.problems.length)
  throw new Error(
    `content:build failed:\n${report.problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join("\n")}`,
  );
await import(pathToFileURL(path.resolve("build/index.js")).href);
