/**
 * Production entry (`npm run serve`, `npm start`; kept in app/ because nothing else belongs at the top level): the built server (build/index.js) in several
 * processes, WEB_CONCURRENCY of them (default: the number of cores), through node:cluster. One
 * Node process uses one core; a page's work is CPU (Prisma's query compiler, React), so a second
 * process nearly doubles what two cores serve. Workers share nothing in memory that must agree:
 * sessions, sign-in throttling and quiz deadlines are in the database, and every in-memory cache is
 * keyed by the content build id read from the database (app/content/version.server.ts).
 * WEB_CONCURRENCY=1 runs the server in this process, as before.
 */
import cluster from "node:cluster";
import os from "node:os";

const count = Math.max(1, Math.floor(Number(process.env.WEB_CONCURRENCY)) || os.availableParallelism());

if (count === 1 || !cluster.isPrimary) {
  await import("../build/index.js");
} else {
  let stopping = false;
  // The first worker starts alone: it runs the start-up work (database settings, the signing key
  // generated on a first start, repairing missing certificates) before any other process could race it.
  const first = cluster.fork();
  first.once("listening", () => {
    for (let i = 1; i < count; i++) cluster.fork();
  });
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    // A crashed worker is replaced (after a second, so a failing start does not spin).
    console.error(`Tiến trình ${worker.process.pid} dừng (${signal ?? code}); khởi động lại.`);
    setTimeout(() => cluster.fork(), 1000);
  });
  for (const signal of ["SIGTERM", "SIGINT"]) {
    process.once(signal, () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    });
  }
}
