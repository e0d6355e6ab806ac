import { spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";

import { buildBaseDb, copyBaseDb } from "../setup/base-db";

/**
 * Starts the built production server (build/index.js) on a free port against a database, and
 * waits for /healthz. CPU_PROF=1 writes a CPU profile to /tmp/prof; DEBUG=1 shows its output.
 */
export async function startBuiltServer(options: {
  databaseUrl: string;
  port?: number;
  /** Server processes (WEB_CONCURRENCY); unset: the server's own default. */
  workers?: number;
  onStderr?: (text: string) => void;
}) {
  const port =
    options.port ??
    (await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    }));
  const args = [
    ...(process.env.CPU_PROF ? ["--cpu-prof", "--cpu-prof-dir=/tmp/prof"] : []),
    // With a number of processes: the production entry (node:cluster); without: one process.
    path.resolve(options.workers ? "app/cluster.js" : "build/index.js"),
  ];
  const server = spawn(process.execPath, args, {
    env: {
      ...process.env,
      PORT: String(port),
      NODE_ENV: "production",
      APP_ORIGIN: `http://127.0.0.1:${port}`,
      DATABASE_URL: options.databaseUrl,
      ...(options.workers ? { WEB_CONCURRENCY: String(options.workers) } : {}),
    },
    stdio: process.env.DEBUG ? "inherit" : ["ignore", "ignore", options.onStderr ? "pipe" : "ignore"],
  });
  server.stderr?.setEncoding("utf8").on("data", (text: string) => options.onStderr?.(text));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 150; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base,
    port,
    /** Kills the process at once (kill -9: no shutdown, no flush), as a crash would. */
    async crash() {
      server.kill("SIGKILL");
      await new Promise((r) => server.once("exit", r));
    },
    /** Stops the server and waits for it to exit (and write its profile). */
    async stop() {
      server.kill("SIGINT");
      await new Promise((r) => server.once("exit", r));
    },
  };
}

/**
 * A fresh copy of the migrated base database with the demo data and the built content, for a
 * benchmark that drives the built server. Sets DATABASE_URL first, so the app modules a script
 * imports afterwards open this copy.
 */
export async function prepareDemoDatabase(name: string) {
  buildBaseDb();
  const db = copyBaseDb(name);
  process.env.DATABASE_URL = db.url;
  const { seedDemoData } = await import("../../prisma/seed");
  const { buildContent } = await import("~/content/build.server");
  await seedDemoData();
  await buildContent();
  return db;
}
