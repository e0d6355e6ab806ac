/**
 * The page bench (`npm run bench`, section "pages"): every signed-in learner page, quiz start +
 * submit, /healthz and the lesson's own bytes served by nginx as a static file, measured side by side
 * in one run against the built production server. Load generator: autocannon (npm), 64 connections,
 * the same machine as the server. Prints one table and writes it as JSON to tests/bench/results/.
 *
 * Options (environment): BENCH_SECONDS (per page, default 8), BENCH_CONNECTIONS (64),
 * WEB_CONCURRENCY (server processes, passed on to `node build/index.js`; default: the core count),
 * BENCH_SEEDED=1 (run against a copy of the `npm run bench:seed` database, 100,000 learners),
 * BENCH_LABEL (a word in the result file's name), BENCH_ONLY (rows whose name contains it; no quiz), CPU_PROF=1 (server CPU profiles to /tmp/prof).
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";

import autocannon from "autocannon";

import { copyBaseDb, removeDb } from "../setup/base-db";
import { prepareDemoDatabase, startBuiltServer } from "./server";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const COURSE = "ky-nang-dan-van-co-so";
const LESSON = `/courses/${COURSE}/lang-nghe-tich-cuc`;
const QUIZ = `/courses/${COURSE}/quizzes/lang-nghe-va-nam-tam-tu`;

type Row = {
  page: string;
  url: string;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
  /** Body bytes on the wire (gzip), and uncompressed. */
  bytes: number;
  htmlBytes: number;
  shareOfNginx: number | null;
};

async function freePort() {
  return new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

/** One GET with gzip accepted: the compressed and the plain body sizes, and the plain body. */
function fetchBytes(url: string, cookie?: string) {
  return new Promise<{ status: number; wire: number; body: Buffer }>((resolve, reject) => {
    http
      .get(url, { headers: { "Accept-Encoding": "gzip", ...(cookie ? { Cookie: cookie } : {}) } }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const raw = Buffer.concat(chunks);
          const body = res.headers["content-encoding"] === "gzip" ? zlib.gunzipSync(raw) : raw;
          resolve({ status: res.statusCode ?? 0, wire: raw.length, body });
        });
      })
      .on("error", reject);
  });
}

async function load(options: { url: string; cookie?: string }) {
  const result = await autocannon({
    url: options.url,
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: { "Accept-Encoding": "gzip", ...(options.cookie ? { Cookie: options.cookie } : {}) },
  });
  return {
    reqPerSec: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/** nginx serving `html` as a static file with gzip, on a free port; null where nginx is absent. */
async function startNginx(html: Buffer) {
  const bin = ["/usr/sbin/nginx", "/usr/bin/nginx"].find((p) => fs.existsSync(p));
  if (!bin) return null;
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), "bench-nginx-"));
  fs.chmodSync(prefix, 0o755);
  fs.writeFileSync(path.join(prefix, "lesson.html"), html);
  fs.chmodSync(path.join(prefix, "lesson.html"), 0o644);
  const port = await freePort();
  fs.writeFileSync(
    path.join(prefix, "nginx.conf"),
    `worker_processes auto;
daemon off;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  types { text/html html; }
  client_body_temp_path ${prefix}/tmp; proxy_temp_path ${prefix}/tmp; fastcgi_temp_path ${prefix}/tmp;
  uwsgi_temp_path ${prefix}/tmp; scgi_temp_path ${prefix}/tmp;
  gzip on; gzip_types text/html; gzip_min_length 1000;
  server { listen 127.0.0.1:${port}; root ${prefix}; location / { try_files /lesson.html =404; } }
}
`,
  );
  fs.mkdirSync(path.join(prefix, "tmp"));
  const child = spawn(bin, ["-p", prefix, "-c", path.join(prefix, "nginx.conf")], { stdio: "ignore" });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 50; i++) {
    try {
      if ((await fetchBytes(base + "/")).status === 200) break;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base,
    async stop() {
      child.kill("SIGQUIT");
      await new Promise((r) => child.once("exit", r));
      fs.rmSync(prefix, { recursive: true, force: true });
    },
  };
}

/** Which database: the demo data set, or a copy of the 100,000-learner one with the demo content added. */
async function prepareDatabase() {
  if (!process.env.BENCH_SEEDED) return prepareDemoDatabase("bench-pages");
  const { REPORTS_DB } = await import("./seed-reports");
  if (!fs.existsSync(REPORTS_DB)) throw new Error("Run `npm run bench:seed` first (BENCH_SEEDED=1).");
  const db = copyBaseDb("bench-pages-seeded");
  fs.copyFileSync(REPORTS_DB, db.file);
  process.env.DATABASE_URL = db.url;
  const { seedDemoData } = await import("../../prisma/seed");
  const { buildContent } = await import("~/content/build.server");
  await seedDemoData();
  await buildContent();
  return db;
}

/**
 * Quiz start + submit, 64 learners at once, each learner once (module quizzes make a learner wait
 * between attempts): start (POST), open the attempt (GET), submit (POST). Timed per whole flow.
 */
async function quizFlows(base: string, cookies: string[]) {
  let next = 0;
  let errors = 0;
  const latencies: number[] = [];
  const post = (url: string, cookie: string, body: string) =>
    fetch(base + url, {
      method: "POST",
      redirect: "manual",
      headers: { Cookie: cookie, Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
      body,
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (next < cookies.length) {
        const cookie = cookies[next++]!;
        const t = performance.now();
        try {
          const start = await post(QUIZ, cookie, "intent=start");
          const location = start.headers.get("location");
          await start.arrayBuffer();
          if (start.status !== 302 || !location?.startsWith("/attempts/")) {
            errors++;
            continue;
          }
          const page = await (await fetch(base + location, { headers: { Cookie: cookie } })).text();
          const answers = new URLSearchParams({ intent: "submit", complete: "1" });
          const seen = new Set<string>();
          const positions = new Map<string, number>();
          for (const m of page.matchAll(/name="(q:[^"]+)" value="([^"]+)"|<select name="(q:([^":]+):[^"]+)"/g)) {
            if (m[3]) {
              const n = (positions.get(m[4]!) ?? 0) + 1;
              positions.set(m[4]!, n);
              answers.append(m[3], String(n));
            } else if (!seen.has(m[1]!)) {
              seen.add(m[1]!);
              answers.append(m[1]!, m[2]!);
            }
          }
          const submitted = await post(location, cookie, answers.toString());
          await submitted.arrayBuffer();
          if (submitted.status !== 302 || !submitted.headers.get("location")?.endsWith("/result")) errors++;
          latencies.push(performance.now() - t);
        } catch {
          // A reset connection is an error of the run, not a reason to lose the table.
          errors++;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0);
  return { flowsPerSec: Math.round(latencies.length / seconds), p50Ms: pct(0.5), p99Ms: pct(0.99), errors };
}

async function benchPages() {
  if (!fs.existsSync("build/index.js")) execFileSync("npm", ["run", "build"], { stdio: "ignore" });
  const workers = Number(process.env.WEB_CONCURRENCY ?? os.availableParallelism());
  const db = await prepareDatabase();
  const { prisma } = await import("~/db.server");
  const { createSession, SESSION_COOKIE_NAME } = await import("~/auth/session.server");
  const unit = await prisma.unit.findFirstOrThrow({ where: { kind: "XA" } });
  const learner = async (email: string) => {
    const user = await prisma.user.create({
      data: {
        email,
        fullName: "Học viên đo tốc độ",
        unitId: unit.id,
        passwordHash: "x",
        roles: { create: [{ role: "LEARNER" }] },
      },
    });
    const { token } = await createSession({ userId: user.id });
    return `${SESSION_COOKIE_NAME}=${token}`;
  };
  const cookie = await learner(`bench-pages-${process.pid}@hocdanvan.test`);
  const quizCookies: string[] = [];
  for (let i = 0; i < CONNECTIONS * 4; i++)
    quizCookies.push(await learner(`bench-quiz-${process.pid}-${i}@hocdanvan.test`));
  await prisma.$disconnect();

  const serverLog: string[] = [];
  const server = await startBuiltServer({ databaseUrl: db.url, workers, onStderr: (t) => serverLog.push(t) });
  const base = server.base;
  // The learner has opened the lesson and the course once, as a real one would before coming back.
  await fetchBytes(base + LESSON, cookie);

  const lessonBody = (await fetchBytes(base + LESSON, cookie)).body;
  const nginx = await startNginx(lessonBody);
  const targets: { page: string; url: string; cookie?: string; base?: string }[] = [
    ...(nginx ? [{ page: "nginx: lesson bytes as a static file", url: "/", base: nginx.base }] : []),
    { page: "/healthz (one DB read, one probe)", url: "/healthz" },
    { page: "/login (anonymous)", url: "/login" },
    { page: "catalogue /courses", url: "/courses", cookie },
    { page: "course", url: `/courses/${COURSE}`, cookie },
    { page: "lesson", url: LESSON, cookie },
    { page: "lesson (anonymous)", url: LESSON },
    { page: "quiz rules", url: QUIZ, cookie },
    { page: "/me", url: "/me", cookie },
    { page: "/me/transcript", url: "/me/transcript", cookie },
  ];
  if (!nginx) console.log("(nginx not found: the static-file row is skipped; `apt-get install -y nginx` adds it)");
  const rows: Row[] = [];
  const only = process.env.BENCH_ONLY;
  for (const target of targets.filter((t) => !only || t.page.includes(only))) {
    const url = (target.base ?? base) + target.url;
    const sample = await fetchBytes(url, target.cookie);
    if (sample.status !== 200) throw new Error(`${target.url}: status ${sample.status}`);
    const figures = await load({ url, cookie: target.cookie });
    rows.push({
      page: target.page,
      url: target.url,
      ...figures,
      bytes: sample.wire,
      htmlBytes: sample.body.length,
      shareOfNginx: null,
    });
  }
  const quiz = only ? { flowsPerSec: 0, p50Ms: 0, p99Ms: 0, errors: 0 } : await quizFlows(base, quizCookies);
  await server.stop();
  await nginx?.stop();

  if (serverLog.length) console.log(`server stderr (first 2,000 characters):\n${serverLog.join("").slice(0, 2000)}`);
  const limit = nginx ? rows[0]!.reqPerSec : null;
  for (const row of rows) row.shareOfNginx = limit ? Math.round((row.reqPerSec / limit) * 1000) / 10 : null;
  const uptime = spawnSync("uptime", { encoding: "utf8" }).stdout.trim();
  console.log(
    `## pages: autocannon, ${CONNECTIONS} connections, ${SECONDS} s each, server with ${workers} process(es), ${os.availableParallelism()} cores${process.env.BENCH_SEEDED ? ", 100,000-learner database" : ", demo database"}`,
  );
  console.log(`uptime before the table: ${uptime}`);
  console.log(
    "page".padEnd(40) +
      "req/s".padStart(8) +
      "p50 ms".padStart(8) +
      "p99 ms".padStart(8) +
      "errors".padStart(8) +
      "gzip B".padStart(9) +
      "html B".padStart(9) +
      "nginx %".padStart(9),
  );
  for (const r of rows)
    console.log(
      r.page.padEnd(40) +
        String(r.reqPerSec).padStart(8) +
        String(r.p50Ms).padStart(8) +
        String(r.p99Ms).padStart(8) +
        String(r.errors + r.non2xx).padStart(8) +
        String(r.bytes).padStart(9) +
        String(r.htmlBytes).padStart(9) +
        (r.shareOfNginx === null ? "–" : r.shareOfNginx.toFixed(1)).padStart(9),
    );
  console.log(
    `quiz start + open + submit (fetch, ${CONNECTIONS} learners at once, ${quizCookies.length} flows): ${quiz.flowsPerSec} flows/s, p50 ${quiz.p50Ms} ms, p99 ${quiz.p99Ms} ms per flow, errors ${quiz.errors}`,
  );
  const result = {
    date: new Date().toISOString(),
    tool: "autocannon 8.0.0",
    connections: CONNECTIONS,
    secondsPerPage: SECONDS,
    serverProcesses: workers,
    cores: os.availableParallelism(),
    database: process.env.BENCH_SEEDED ? "bench:seed (100,000 learners) + demo content" : "demo",
    uptime,
    rows,
    quiz,
  };
  const dir = path.resolve("tests/bench/results");
  fs.mkdirSync(dir, { recursive: true });
  const label = process.env.BENCH_LABEL ? `-${process.env.BENCH_LABEL}` : "";
  const file = path.join(dir, `pages-${result.date.slice(0, 19).replace(/[:T]/g, "")}${label}.json`);
  fs.writeFileSync(file, JSON.stringify(result, null, 2) + "\n");
  console.log(`written: ${path.relative(process.cwd(), file)}`);
  removeDb(db.file);
}

await benchPages();
