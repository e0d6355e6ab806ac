/**
 * npm run bench -- import: a 20,000-row staff import (CSV), in this process against a fresh copy of
 * the migrated database: parse + dry run, then the commit in batches, while a probe runs a small
 * query every 20 ms the way other requests would (the same process shares the one connection, the
 * worst case). Prints the durations, the longest batch (the write lock's longest hold), the probe's
 * worst wait and the resident memory.
 */
import { buildBaseDb, copyBaseDb, removeDb } from "../setup/base-db";

buildBaseDb();
const db = copyBaseDb("bench-import");
process.env.DATABASE_URL = db.url;

const { prisma } = await import("~/db.server");
const { createUnit } = await import("~/org/units.server");
const { createImportJob, getImportStatus, startImportCommit } = await import("~/org/import.server");
const { createSession, validateSessionToken } = await import("~/auth/session.server");

const ROWS = Number(process.env.IMPORT_ROWS ?? 20_000);
console.log(`## staff import (${ROWS.toLocaleString("en")} rows, CSV)`);
const root = await createUnit({ name: "Tỉnh Đo Tải", kind: "TINH", parentId: null });
const xa = [];
for (let i = 0; i < 100; i++) xa.push(await createUnit({ name: `Xã Đo ${i}`, kind: "XA", parentId: root.id }));
const admin = await prisma.user.create({
  data: {
    email: "quantri-do@hocdanvan.test",
    fullName: "Quản Trị Đo",
    unitId: root.id,
    passwordHash: "",
    roles: { create: [{ role: "ADMIN" }] },
  },
});
const { token } = await createSession({ userId: admin.id });
const actor = { ...(await validateSessionToken(token)).user!, ip: "127.0.0.1" };

const lines = ["Họ và tên;Email;Chức vụ;Mã đơn vị;Vai trò"];
for (let i = 0; i < ROWS; i++)
  lines.push(`Nguyễn Văn Đo ${i};can-bo-${i}@do.test;Công chức;${xa[i % 100]!.id};${i % 10 === 0 ? "học viên" : ""}`);
const file = new TextEncoder().encode(`\uFEFF${lines.join("\r\n")}\r\n`);
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
global.gc?.();
const rssBefore = process.memoryUsage().rss;
let rssPeak = rssBefore;
const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 50);

let t = performance.now();
const job = await createImportJob({ actor, fileName: "do.csv", bytes: file });
const dryMs = performance.now() - t;
console.log(`file ${(file.length / 1024 / 1024).toFixed(1)} MB; parse + dry run: ${(dryMs / 1000).toFixed(1)} s`);

// The probe: what a concurrent request waits for while the commit runs.
const waits: number[] = [];
let probing = true;
const probe = (async () => {
  while (probing) {
    const s = performance.now();
    await prisma.user.findUnique({ where: { id: admin.id }, select: { id: true } });
    waits.push(performance.now() - s);
    await new Promise((r) => setTimeout(r, 20));
  }
})();
t = performance.now();
const started = await startImportCommit({ actor, jobId: job.id, mode: "strict" });
await started.done;
const commitMs = performance.now() - t;
probing = false;
await probe;
clearInterval(sampler);
waits.sort((a, b) => a - b);
const status = await getImportStatus(actor, job.id);
console.log(
  `commit: ${(commitMs / 1000).toFixed(1)} s (${(ROWS / (commitMs / 1000)).toFixed(0)} rows/s), ${status.created} created, status ${status.status}`,
);
console.log(
  `a concurrent query during the commit (${waits.length} samples): p50 ${waits[Math.floor(waits.length / 2)]!.toFixed(0)} ms, p99 ${waits[Math.floor(waits.length * 0.99)]!.toFixed(0)} ms, max ${waits.at(-1)!.toFixed(0)} ms`,
);
console.log(`resident memory: ${mb(rssBefore)} before, peak ${mb(rssPeak)} (+${mb(rssPeak - rssBefore)})`);

// Re-import of the same file: every row unchanged.
t = performance.now();
const again = await createImportJob({ actor, fileName: "do.csv", bytes: file });
const s2 = await getImportStatus(actor, again.id);
console.log(
  `re-import dry run: ${((performance.now() - t) / 1000).toFixed(1)} s, unchanged ${s2.unchanged}/${s2.total}, create ${s2.created}, update ${s2.updated}`,
);
await prisma.$disconnect();
removeDb(db.file);
