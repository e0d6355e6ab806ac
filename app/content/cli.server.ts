/**
 * npm run content:check | content:build [-- --force] [-- --watch] (content:export is app/studio/export-cli.server.ts:
 * it writes studio versions back, and studio/ sits above content/)
 * Prints `file:line: message` for every problem and exits 1 when there is any.
 */
import fs from "node:fs";

import { buildContent, type BuildProgress } from "~/content/build.server";
import { checkContent, type CheckedBalance, formatProblems } from "~/content/check.server";
import { balanceRow } from "~/content/quiz-balance";
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
  if (report.skipped.length) console.warn(formatProblems(report.skipped));
  console.log(
    `content:build: ${report.total} tài liệu, biên dịch ${report.compiled}, không đổi ${report.unchanged}, lỗi ${report.failed}${report.skipped.length ? `, bỏ qua ${report.skipped.length} bài đã sửa trong studio` : ""} (${(report.ms / 1000).toFixed(2)} s)`,
  );
  return report.problems.length === 0;
}

/** The bank balance figures, one row per bank (rules in content/README.md, “Ngân hàng câu hỏi”). */
function balanceTable(balances: CheckedBalance[]) {
  const header = ["Ngân hàng", "Câu", "Dài nhất đúng", "Đáp án “Đúng”", "Nhiều: trừ một", "Đạt khi đoán"];
  const rows = balances.map(({ file, balance }) => {
    const r = balanceRow(balance);
    const bank = file
      .replace(/^content\/courses\//, "")
      .replace(/\/(quiz|exam)\.yml$/, (_, k: string) => (k === "exam" ? "/exam" : ""));
    return [bank, String(r.items), r.longestCorrect, r.trueShare, r.allButOne, r.passProbability];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(header), ...rows.map(line)].join("\n");
}

if (command === "check") {
  const { problems, courses, balances } = checkContent();
  console.log(balanceTable(balances));
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
