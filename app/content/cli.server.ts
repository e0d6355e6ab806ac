/**
 * npm run content:check | content:build [-- --force] [-- --watch]
 * Prints `file:line: message` for every problem and exits 1 when there is any.
 */
import fs from "node:fs";

import { buildContent, type BuildProgress } from "~/content/build.server";
import { checkContent, formatProblems } from "~/content/check.server";
import { CONTENT_DIR } from "~/content/tree.server";
import { configureDatabase, prisma } from "~/db.server";

const [command = "build", ...flags] = process.argv.slice(2);

function progressBar(p: BuildProgress) {
  if (!process.stdout.isTTY) return;
  const width = 30;
  const filled = Math.round((p.done / p.total) * width);
  process.stdout.write(
    `\r[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${p.done}/${p.total} ${p.action.padEnd(9)} ${p.file.slice(-60).padEnd(60)}`,
  );
  if (p.done === p.total) process.stdout.write("\n");
}

async function runBuild(force: boolean) {
  const report = await buildContent({ force, onProgress: progressBar });
  if (report.problems.length) console.error(formatProblems(report.problems));
  console.log(
    `content:build: ${report.total} tài liệu, biên dịch ${report.compiled}, không đổi ${report.unchanged}, lỗi ${report.failed} (${(report.ms / 1000).toFixed(2)} s)`,
  );
  return report.problems.length === 0;
}

if (command === "check") {
  const { problems, courses } = checkContent();
  if (problems.length) {
    console.error(formatProblems(problems));
    console.error(`content:check: ${problems.length} lỗi`);
    process.exit(1);
  }
  const lessons = courses.flatMap((c) => c.modules.flatMap((m) => m.lessons));
  console.log(`content:check: không có lỗi (${courses.length} khóa học, ${lessons.length} bài học)`);
} else if (command === "build") {
  await configureDatabase();
  const ok = await runBuild(flags.includes("--force"));
  if (flags.includes("--watch")) {
    console.log(`Đang theo dõi ${CONTENT_DIR} …`);
    let timer: NodeJS.Timeout | undefined;
    let running = Promise.resolve(true);
    fs.watch(CONTENT_DIR, { recursive: true }, () => {
      // Editors write several events per save: wait for quiet, and never run two builds at once.
      clearTimeout(timer);
      timer = setTimeout(() => {
        running = running.then(() => runBuild(false));
      }, 150);
    });
  } else {
    await prisma.$disconnect();
    process.exit(ok ? 0 : 1);
  }
} else {
  console.error("Cách dùng: content:check | content:build [--force] [--watch]");
  process.exit(2);
}
