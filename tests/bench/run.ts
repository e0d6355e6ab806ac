/**
 * npm run bench — prints the figures behind the speed targets (not a test: it never fails on
 * a slow machine, it reports). Sections: content build (cold, unchanged, one lesson changed).
 * Run one section with `npm run bench -- content`.
 */
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

import { buildBaseDb, copyBaseDb, removeDb, TMP_DIR } from "../setup/base-db";

const only = process.argv[2];

function run(args: string[], env: Record<string, string>) {
  const started = performance.now();
  const out = execFileSync(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), ...args], {
    env: { ...process.env, ...env },
    encoding: "utf8",
  });
  return { wallMs: performance.now() - started, out: out.trim().split("\n").at(-1) ?? "" };
}

/** Time from saving a lesson to the watcher's "content:build" line, in a warm `--watch` process. */
async function watchRebuildMs(cli: string[], env: Record<string, string>, lesson: string) {
  const child = spawn(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), ...cli, "--watch"], {
    env: { ...process.env, ...env },
  });
  const lines: string[] = [];
  let waiter: (() => void) | undefined;
  child.stdout.on("data", (chunk: Buffer) => {
    lines.push(
      ...chunk
        .toString()
        .split("\n")
        .filter((l) => l.startsWith("content:build")),
    );
    waiter?.();
  });
  const waitForBuilds = (n: number) =>
    new Promise<void>((resolve) => {
      waiter = () => lines.length >= n && resolve();
      waiter();
    });
  await waitForBuilds(1);
  await new Promise((r) => setTimeout(r, 500));
  const samples: number[] = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    fs.appendFileSync(lesson, `\nCâu thêm số ${i}.\n`);
    await waitForBuilds(2 + i);
    samples.push(performance.now() - started - 150); // minus the watcher's 150 ms quiet period
  }
  child.kill();
  return samples.sort((a, b) => a - b)[1]!;
}

async function benchContent() {
  console.log("## content:build (all of content/: courses, modules and lessons)");
  buildBaseDb();
  const db = copyBaseDb("bench-content");
  // A copy of content/ in a new folder: no check cache, nothing stored.
  const root = path.join(TMP_DIR, `bench-content-${Date.now()}`);
  fs.cpSync("content", root, { recursive: true });
  const env = { DATABASE_URL: db.url, CONTENT_DIR: root };
  const cli = ["app/content/cli.server.ts", "build"];
  const cold = run(cli, env);
  const again = run(cli, env);
  const lesson = path.join(root, "courses/ky-nang-dan-van-co-so/01-lang-nghe-va-nam-tam-tu/01-lang-nghe-tich-cuc.mdx");
  fs.appendFileSync(lesson, "\nMột câu thêm để đo biên dịch lại.\n");
  const one = run(cli, env);
  for (const [name, r] of [
    ["cold (empty database, no cache)", cold],
    ["nothing changed", again],
    ["one lesson changed", one],
  ] as const) {
    console.log(`${name.padEnd(34)} wall ${(r.wallMs / 1000).toFixed(2)} s | ${r.out.replace(/^content:build: /, "")}`);
  }
  console.log("(wall includes starting Node and tsx, about 1 s; the figure in brackets is the build itself)");
  console.log(
    `one lesson changed, --watch (npm run dev): ${(await watchRebuildMs(cli, env, lesson)).toFixed(0)} ms from save to stored`,
  );
  fs.rmSync(root, { recursive: true, force: true });
  removeDb(db.file);
}

/** Certificate PDF generation (A4, fonts embedded as subsets, QR code, signed payload attached). */
async function benchCertificates() {
  console.log("## certificate PDF generation");
  benchDb();
  const { prisma } = await import("~/db.server");
  const { createUnit } = await import("~/org/units.server");
  const { issueFirstCertificate } = await import("~/certificates/issue.server");
  const { certificatePdf } = await import("~/certificates/certificates.server");
  await (await import("~/certificates/keys.server")).ensureSigningKey();
  const unit = await createUnit({ name: "Xã Đo Tải", kind: "XA", parentId: null });
  const user = await prisma.user.create({
    data: { email: "do-tai@hocdanvan.test", fullName: "Nguyễn Thị Thu Hằng", unitId: unit.id, passwordHash: "x" },
  });
  await prisma.course.create({
    data: {
      id: "khoa-do",
      title: "Tư tưởng Hồ Chí Minh về công tác dân vận",
      description: "",
      objectives: "[]",
      estimatedMinutes: 240,
      tags: "[]",
      status: "published",
      audience: "",
      hours: 6,
      version: 1,
      completionRule: "{}",
      introHtml: "",
      sourceHash: "",
    },
  });
  const completion = await prisma.courseCompletion.create({
    data: { userId: user.id, courseId: "khoa-do", courseVersion: 1, finalScore: 92.5 },
  });
  const cert = (await issueFirstCertificate({ completionId: completion.id }))!;
  let t = performance.now();
  const first = await certificatePdf(cert);
  const firstMs = performance.now() - t;
  const samples: number[] = [];
  for (let i = 0; i < 50; i++) {
    t = performance.now();
    await certificatePdf(cert);
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  console.log(
    `first (cold, loads fonts): ${firstMs.toFixed(0)} ms; then 50 PDFs: median ${samples[25]!.toFixed(1)} ms, p90 ${samples[45]!.toFixed(1)} ms, max ${samples[49]!.toFixed(1)} ms; ${(first.length / 1024).toFixed(0)} KB each`,
  );
  await prisma.$disconnect();
}

/**
 * The sections that run the app in this process share one database: the Prisma client is created
 * once per process, with the DATABASE_URL of its first import.
 */
let sharedDb: { file: string; url: string } | undefined;
function benchDb() {
  if (!sharedDb) {
    buildBaseDb();
    sharedDb = copyBaseDb("bench");
    process.env.DATABASE_URL = sharedDb.url;
  }
  return sharedDb;
}

if (!only || only === "content") await benchContent();
if (!only || only === "pages") {
  // Its own process: it opens its own database (and, with BENCH_SEEDED=1, the seeded one).
  execFileSync(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), "tests/bench/pages.ts"], {
    stdio: "inherit",
  });
}
if (!only || only === "certificates") await benchCertificates();
if (!only || only === "reports") {
  // Its own process: the Prisma client must open the seeded database (npm run bench:seed).
  execFileSync(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), "tests/bench/reports.ts"], {
    stdio: "inherit",
  });
}
if (!only || only === "import") {
  // Its own process and database (tests/bench/import.ts): 20,000 rows, dry run and commit.
  execFileSync(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), "tests/bench/import.ts"], {
    stdio: "inherit",
  });
}
if (sharedDb) removeDb(sharedDb.file);
