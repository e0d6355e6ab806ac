/**
 * The report benchmark (`npm run bench -- reports`, after `npm run bench:seed`): server time of the
 * report pages' domain calls on the seeded province, and a 100,000-row CSV export streamed to
 * nowhere while resident memory is sampled. Runs in its own process so the Prisma client opens
 * the seeded database.
 */
import fs from "node:fs";

import { REPORTS_DB } from "./seed-reports";

if (!fs.existsSync(REPORTS_DB)) {
  console.log("reports: no seeded database; run `npm run bench:seed` first");
  process.exit(0);
}
process.env.DATABASE_URL = `file:${REPORTS_DB}`;

const { prisma } = await import("~/db.server");
const { validateSessionToken, createSession } = await import("~/auth/session.server");
const { completionReport, peoplePage } = await import("~/reports/reports.server");
const { reportTable } = await import("~/reports/export.server");
const { csvResponse } = await import("~/exports/export.server");
const { parseReportQuery } = await import("~/reports/filters");

const { token } = await createSession({ userId: "admin" });
const actor = (await validateSessionToken(token)).user!;
const now = new Date();

async function time(label: string, run: () => Promise<unknown>, runs = 5) {
  await run(); // warm: statement caches, page cache
  const samples: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const c = process.cpuUsage();
    await run();
    samples.push(performance.now() - t);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
  }
  samples.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  // CPU time of this process (SQLite runs in it) beside wall time: other jobs share the cores.
  console.log(
    `${label.padEnd(58)} median ${samples[Math.floor(runs / 2)]!.toFixed(0)} ms, max ${samples.at(-1)!.toFixed(0)} ms, ` +
      `CPU median ${cpu[Math.floor(runs / 2)]!.toFixed(0)} ms`,
  );
}

const learners = await prisma.user.count({ where: { active: true, roles: { some: { role: "LEARNER" } } } });
console.log(`## reports (seeded: ${learners} active learners, ${await prisma.unit.count()} units)`);
// The export first, in a fresh process, so its memory growth is not hidden by the reports' heap.
// Every counted (person, course) pair of the province: about 238,000 rows.
const rssBefore = process.memoryUsage().rss;
let peak = rssBefore;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
const t = performance.now();
const exportCpu = process.cpuUsage();
const table = await reportTable({
  actor,
  query: parseReportQuery(new URL("http://x/admin/reports.csv?status=counted")),
  now,
});
const response = csvResponse(table);
let bytes = 0;
let rows = 0;
const reader = response.body!.getReader();
for (;;) {
  const { done, value } = await reader.read();
  if (done) break;
  bytes += value.length;
  for (const b of value) if (b === 10) rows++;
}
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
const exportCpuUsed = process.cpuUsage(exportCpu);
console.log(
  `CSV export, every counted person × course: ${rows - 1} rows, ${(bytes / 1e6).toFixed(1)} MB in ${((performance.now() - t) / 1000).toFixed(2)} s ` +
    `(CPU ${((exportCpuUsed.user + exportCpuUsed.system) / 1e6).toFixed(1)} s); ` +
    `resident memory ${(rssBefore / 1e6).toFixed(0)} MB before, ${(peak / 1e6).toFixed(0)} MB at peak (+${((peak - rssBefore) / 1e6).toFixed(0)} MB)`,
);

await time("province report, all courses (tỉnh + 100 xã rows)", () =>
  completionReport({ actor, filters: { subtree: true, now } }),
);
await time("province report, one course", () =>
  completionReport({ actor, filters: { subtree: true, courseId: "khoa-do-1", now } }),
);
await time("xã drill-down (xã + 19 chi bộ rows), all courses", () =>
  completionReport({ actor, filters: { unitId: "x7", subtree: true, now } }),
);
await time("people behind one number (xã, course 1, overdue), page 1", () =>
  peoplePage({
    actor,
    filters: { unitId: "x7", subtree: true, courseId: "khoa-do-1", now },
    status: "overdue",
    page: 1,
  }),
);
await time("people behind one number (province, course 1, overdue), page 1", () =>
  peoplePage({ actor, filters: { subtree: true, courseId: "khoa-do-1", now }, status: "overdue", page: 1 }),
);

await prisma.$disconnect();
