/**
 * npm run bench:load — load and crash. 100 virtual learners (LEARNERS) spend 60 s (DURATION) on the
 * built production server over loopback, each in a loop of mixed work: reading lessons (half),
 * completing lessons (a quarter) and taking a module quiz (start, open, submit; a quarter). At
 * KILL_AT seconds (default half-way; 0 = never) the server is killed with SIGKILL and started again
 * on the same port and database; learners keep going (requests that meet the dead server count as
 * "refused while down", not as answers).
 *
 * Then it checks, on the database file: PRAGMA integrity_check is "ok", and every write the server
 * acknowledged (a 302 after completing a lesson or submitting an attempt) is present. It prints
 * request counts, 5xx answers, SQLITE_BUSY seen in the server's log, latencies and those checks;
 * it exits 1 if any of 5xx, SQLITE_BUSY, a lost acknowledged write or a failed integrity check.
 */
import fs from "node:fs";

import Database from "better-sqlite3";

import { removeDb } from "../setup/base-db";
import { prepareDemoDatabase, startBuiltServer } from "./server";

const LEARNERS = Number(process.env.LEARNERS ?? 100);
const SECONDS = Number(process.env.DURATION ?? 60);
const KILL_AT = Number(process.env.KILL_AT ?? SECONDS / 2);
const COURSE = "ky-nang-dan-van-co-so";
const QUIZ_URL = `/courses/${COURSE}/quizzes/lang-nghe-va-nam-tam-tu`;

if (!fs.existsSync("build/index.js")) throw new Error("Run `npm run build` first (npm run bench:load does).");
const db = await prepareDemoDatabase("bench-load");
const { prisma } = await import("~/db.server");
const { createSession, SESSION_COOKIE_NAME } = await import("~/auth/session.server");
const { hashPassword } = await import("~/auth/password.server");

const lessons = await prisma.lesson.findMany({
  where: { module: { courseId: COURSE }, removedAt: null },
  select: { id: true, slug: true },
});
const unit = await prisma.unit.findFirstOrThrow({ where: { kind: "XA" } });
const passwordHash = await hashPassword("Bench@2026-khong-dung");
const learners: { id: string; cookie: string }[] = [];
for (let i = 0; i < LEARNERS; i++) {
  const user = await prisma.user.create({
    data: {
      email: `load${i}@hocdanvan.test`,
      fullName: `Học viên thử tải ${i}`,
      unitId: unit.id,
      passwordHash,
      roles: { create: [{ role: "LEARNER" }] },
    },
  });
  const { token } = await createSession({ userId: user.id });
  learners.push({ id: user.id, cookie: `${SESSION_COOKIE_NAME}=${token}` });
}
await prisma.$disconnect();

let busyInLog = 0;
const onStderr = (text: string) => {
  busyInLog += text.match(/SQLITE_BUSY/g)?.length ?? 0;
  if (process.env.DEBUG) process.stderr.write(text);
};
let server = await startBuiltServer({ databaseUrl: db.url, onStderr });
let down = false;

const counts = { read: 0, complete: 0, quiz: 0, status5xx: 0, refusedWhileDown: 0, other: 0 };
const latencies: number[] = [];
const acknowledged = { lessons: [] as { userId: string; lessonId: string }[], attempts: [] as string[] };
const unexpected: string[] = [];

/** One request; null when the server was down (connection refused or reset). */
async function call(path: string, init: RequestInit & { cookie: string }) {
  const t = performance.now();
  try {
    const response = await fetch(server.base + path, {
      ...init,
      redirect: "manual",
      headers: {
        Cookie: init.cookie,
        ...(init.method === "POST" ? { Origin: server.base, "Content-Type": "application/x-www-form-urlencoded" } : {}),
      },
    });
    const body = await response.text();
    latencies.push(performance.now() - t);
    if (response.status >= 500) {
      counts.status5xx += 1;
      if (unexpected.length < 10)
        unexpected.push(`${init.method ?? "GET"} ${path}: ${response.status} ${body.slice(0, 200)}`);
    }
    return { status: response.status, location: response.headers.get("location"), body };
  } catch {
    counts.refusedWhileDown += 1;
    if (!down && unexpected.length < 10)
      unexpected.push(`${init.method ?? "GET"} ${path}: no answer while the server was up`);
    await new Promise((r) => setTimeout(r, 50));
    return null;
  }
}

const pick = <T>(items: T[]) => items[Math.floor(Math.random() * items.length)]!;

async function takeQuiz(learner: { id: string; cookie: string }) {
  const start = await call(QUIZ_URL, { method: "POST", body: "intent=start", cookie: learner.cookie });
  if (!start?.location?.startsWith("/attempts/")) return;
  const page = await call(start.location, { cookie: learner.cookie });
  if (!page || page.status !== 200) return;
  const answers = new URLSearchParams({ intent: "submit", complete: "1" });
  const seen = new Set<string>();
  const positions = new Map<string, number>();
  for (const m of page.body.matchAll(/name="(q:[^"]+)" value="([^"]+)"|<select name="(q:([^":]+):[^"]+)"/g)) {
    if (m[3]) {
      const next = (positions.get(m[4]!) ?? 0) + 1;
      positions.set(m[4]!, next);
      answers.append(m[3], String(next));
    } else if (!seen.has(m[1]!)) {
      seen.add(m[1]!);
      answers.append(m[1]!, m[2]!);
    }
  }
  const submitted = await call(start.location, { method: "POST", body: answers.toString(), cookie: learner.cookie });
  if (submitted?.status === 302 && submitted.location?.endsWith("/result"))
    acknowledged.attempts.push(start.location.split("/")[2]!);
}

async function virtualLearner(learner: { id: string; cookie: string }, until: number) {
  while (Date.now() < until) {
    const roll = Math.random();
    const lesson = pick(lessons);
    const url = `/courses/${COURSE}/${lesson.slug}`;
    if (roll < 0.5) {
      counts.read += 1;
      await call(url, { cookie: learner.cookie });
    } else if (roll < 0.75) {
      counts.complete += 1;
      const done = await call(url, { method: "POST", body: "intent=complete", cookie: learner.cookie });
      if (done?.status === 302) acknowledged.lessons.push({ userId: learner.id, lessonId: lesson.id });
    } else {
      counts.quiz += 1;
      await takeQuiz(learner);
    }
  }
}

const started = Date.now();
const until = started + SECONDS * 1000;
const crash = (async () => {
  if (!KILL_AT) return;
  await new Promise((r) => setTimeout(r, KILL_AT * 1000));
  down = true;
  await server.crash();
  const t = Date.now();
  server = await startBuiltServer({ databaseUrl: db.url, port: server.port, onStderr });
  down = false;
  console.log(`killed with SIGKILL at ${KILL_AT} s; up again after ${((Date.now() - t) / 1000).toFixed(1)} s`);
})();
await Promise.all([...learners.map((l) => virtualLearner(l, until)), crash]);
await server.stop();

// Checks on the file itself, with a connection of our own.
const check = new Database(db.file, { readonly: true });
const integrity = check.pragma("integrity_check", { simple: true });
const hasLesson = check.prepare(
  "SELECT 1 FROM LessonProgress WHERE userId = ? AND lessonId = ? AND completedAt IS NOT NULL",
);
const hasAttempt = check.prepare("SELECT 1 FROM QuizAttempt WHERE id = ? AND status = 'submitted'");
const lostLessons = acknowledged.lessons.filter((a) => !hasLesson.get(a.userId, a.lessonId)).length;
const lostAttempts = acknowledged.attempts.filter((id) => !hasAttempt.get(id)).length;
check.close();

const sorted = [...latencies].sort((a, b) => a - b);
const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
console.log(`## bench:load (${LEARNERS} virtual learners × ${SECONDS} s, production build, loopback)`);
console.log(
  `actions: ${counts.read} reads, ${counts.complete} lesson completions, ${counts.quiz} quiz attempts; ${latencies.length} answered requests (${(latencies.length / SECONDS).toFixed(0)}/s)`,
);
console.log(
  `latency: p50 ${pct(50).toFixed(0)} ms, p99 ${pct(99).toFixed(0)} ms, max ${(sorted.at(-1) ?? 0).toFixed(0)} ms`,
);
console.log(
  `5xx answers: ${counts.status5xx}; SQLITE_BUSY in the server log: ${busyInLog}; requests refused while down: ${counts.refusedWhileDown}`,
);
console.log(
  `acknowledged writes: ${acknowledged.lessons.length} lesson completions (${lostLessons} missing), ${acknowledged.attempts.length} submitted attempts (${lostAttempts} missing)`,
);
console.log(`PRAGMA integrity_check: ${String(integrity)}`);
if (unexpected.length) console.log(`first unexpected answers:\n  ${unexpected.join("\n  ")}`);
removeDb(db.file);
const failed = counts.status5xx > 0 || busyInLog > 0 || lostLessons + lostAttempts > 0 || integrity !== "ok";
process.exit(failed ? 1 : 0);
