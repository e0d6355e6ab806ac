/**
 * npm run bench:quiz — 100 concurrent learners each start and submit module-quiz attempts
 * against the built production server on a fresh database. Prints submissions per second,
 * p50/p99 latency of the graded submission, errors, and counts the attempts in the database.
 * Each round: every learner starts an attempt and loads its page, then all submit at once.
 * Options: LEARNERS (default 100), ROUNDS (default 3).
 */
import fs from "node:fs";

import { removeDb } from "../setup/base-db";
import { prepareDemoDatabase, startBuiltServer } from "./server";

const LEARNERS = Number(process.env.LEARNERS ?? 100);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const QUIZ_URL = "/courses/ky-nang-dan-van-co-so/quizzes/lang-nghe-va-nam-tam-tu";

if (!fs.existsSync("build/index.js")) throw new Error("Run `npm run build` first (npm run bench:quiz does).");
const db = await prepareDemoDatabase("bench-quiz");
const { prisma } = await import("~/db.server");
const { createSession, SESSION_COOKIE_NAME } = await import("~/auth/session.server");
const { hashPassword } = await import("~/auth/password.server");

const unit = await prisma.unit.findFirstOrThrow({ where: { kind: "XA" } });
const passwordHash = await hashPassword("Bench@2026-khong-dung");
const cookies: string[] = [];
for (let i = 0; i < LEARNERS; i++) {
  const user = await prisma.user.create({
    data: {
      email: `bench${i}@hocdanvan.test`,
      fullName: `Học viên đo tải ${i}`,
      unitId: unit.id,
      passwordHash,
      roles: { create: [{ role: "LEARNER" }] },
    },
  });
  const { token } = await createSession({ userId: user.id });
  cookies.push(`${SESSION_COOKIE_NAME}=${token}`);
}

const server = await startBuiltServer({ databaseUrl: db.url });
const base = server.base;

const headers = (cookie: string) => ({
  Cookie: cookie,
  Origin: base,
  "Content-Type": "application/x-www-form-urlencoded",
});
let errors = 0;
const submitLatencies: number[] = [];

/** Phase 1 for one learner: start an attempt, load its page, prepare answers (first choice of each). */
async function prepare(cookie: string) {
  const start = await fetch(base + QUIZ_URL, {
    method: "POST",
    headers: headers(cookie),
    body: "",
    redirect: "manual",
  });
  const location = start.headers.get("location");
  if (start.status !== 302 || !location?.startsWith("/attempts/")) {
    errors++;
    if (process.env.DEBUG) console.error("start", start.status, location, (await start.text()).slice(0, 300));
    return null;
  }
  const page = await (await fetch(base + location, { headers: { Cookie: cookie } })).text();
  const body = new URLSearchParams({ intent: "submit", complete: "1" });
  const seen = new Set<string>();
  const positions = new Map<string, number>();
  for (const m of page.matchAll(/name="(q:[^"]+)" value="([^"]+)"|<select name="(q:([^":]+):[^"]+)"/g)) {
    if (m[3]) {
      // Ordering: give the options positions 1, 2, 3… in the order shown.
      const next = (positions.get(m[4]!) ?? 0) + 1;
      positions.set(m[4]!, next);
      body.append(m[3], String(next));
    } else if (!seen.has(m[1]!)) {
      seen.add(m[1]!);
      body.append(m[1]!, m[2]!);
    }
  }
  return { cookie, location, body };
}

/** Phase 2: the graded submission, timed. */
async function submit(job: { cookie: string; location: string; body: URLSearchParams }) {
  const t = performance.now();
  const response = await fetch(base + job.location, {
    method: "POST",
    headers: headers(job.cookie),
    body: job.body,
    redirect: "manual",
  });
  submitLatencies.push(performance.now() - t);
  if (response.status !== 302 || !response.headers.get("location")?.endsWith("/result")) {
    errors++;
    if (process.env.DEBUG) console.error("submit", response.status, (await response.text()).slice(0, 300));
  }
}

let submitSeconds = 0;
let flowSeconds = 0;
for (let round = 0; round < ROUNDS; round++) {
  const t0 = performance.now();
  const jobs = (await Promise.all(cookies.map((c) => prepare(c)))).filter((j) => j !== null);
  const t1 = performance.now();
  await Promise.all(jobs.map((j) => submit(j)));
  const t2 = performance.now();
  submitSeconds += (t2 - t1) / 1000;
  flowSeconds += (t2 - t0) / 1000;
  // The module quiz makes learners wait (minWaitMinutes) between attempts: move this round's
  // submissions back in time so the next round may start (outside the timed phases).
  await prisma.quizAttempt.updateMany({
    where: { status: "submitted", user: { email: { startsWith: "bench" } } },
    data: { submittedAt: new Date(Date.now() - 24 * 60 * 60_000) },
  });
}
const elapsed = flowSeconds;
await server.stop();

const sorted = [...submitLatencies].sort((a, b) => a - b);
const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const graded = await prisma.quizAttempt.count({
  where: { status: "submitted", user: { email: { startsWith: "bench" } } },
});
const left = await prisma.quizAttempt.count({
  where: { status: "in_progress", user: { email: { startsWith: "bench" } } },
});
console.log(`## bench:quiz (${LEARNERS} concurrent learners, ${ROUNDS} rounds, production build, fresh database)`);
console.log(
  `graded submissions: ${(graded / submitSeconds).toFixed(0)}/s (${graded} submissions, all ${LEARNERS} of a round at once, ${submitSeconds.toFixed(2)} s in total)`,
);
console.log(`whole flow (start, load the attempt page, submit): ${(graded / elapsed).toFixed(0)} learners/s`);
console.log(
  `submit request latency: p50 ${pct(50).toFixed(0)} ms, p99 ${pct(99).toFixed(0)} ms, max ${sorted.at(-1)!.toFixed(0)} ms`,
);
console.log(
  `errors: ${errors}; attempts in the database: ${graded} submitted (expected ${LEARNERS * ROUNDS}), ${left} left in progress`,
);
await prisma.$disconnect();
removeDb(db.file);
