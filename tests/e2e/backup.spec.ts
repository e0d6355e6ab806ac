import { type ChildProcess, execFile, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { promisify } from "node:util";

import { certificatePdf } from "~/certificates/certificates.server";
import { issueFirstCertificate } from "~/certificates/issue.server";
import { prisma } from "~/db.server";

import { expect, sessionCookieFor, test } from "./fixtures";

const run = promisify(execFile);
const COURSE = "nhap-mon-dan-van";

/** Runs the backup CLI as `npm run db:backup` / `db:restore` would, with this environment. */
function cli(args: string[], env: NodeJS.ProcessEnv) {
  return run(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), "app/backup/cli.server.ts", ...args], {
    env,
  });
}

function freePort() {
  return new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Starts the built server; resolves once it answers /healthz, or with its exit code and output if it stops first. */
async function startServer(env: NodeJS.ProcessEnv) {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [path.resolve("build/index.js")], {
    env: { ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number>((resolve) => child.once("exit", (code) => resolve(code ?? -1)));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    const code = await Promise.race([exited, new Promise<null>((r) => setTimeout(() => r(null), 100))]);
    if (code !== null) return { exitCode: code, output, base, stop: async () => {} };
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
  }
  return {
    exitCode: null,
    output,
    base,
    stop: async () => {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

test("a backup taken while the server serves restores into a fresh data dir, where certificates still verify", async ({
  baseURL,
}, testInfo) => {
  test.setTimeout(180_000);
  const user = await prisma.user.findUniqueOrThrow({ where: { email: "hocvien24@hocdanvan.test" } });
  const completion = await prisma.courseCompletion.create({
    data: { userId: user.id, courseId: COURSE, courseVersion: 1, finalScore: 95 },
  });
  const cert = (await issueFirstCertificate({ completionId: completion.id }))!;
  const pdf = await certificatePdf(cert);

  // While the backup runs, the server keeps answering and the database keeps being written.
  const backupDir = testInfo.outputPath("backup");
  let busy = true;
  const traffic = (async () => {
    let rounds = 0;
    while (busy) {
      const [page] = await Promise.all([
        fetch(`${baseURL}/verify/${cert.serial}`),
        sessionCookieFor(user.email, baseURL!),
      ]);
      expect(page.status).toBe(200);
      rounds++;
    }
    return rounds;
  })();
  const backedUp = await cli(["backup", "--out", backupDir], process.env).finally(() => (busy = false));
  expect(await traffic).toBeGreaterThan(0);
  expect(backedUp.stdout).toContain("kiểm tra toàn vẹn: ok");
  expect(fs.statSync(path.join(backupDir, "cert-signing-key.pem")).mode & 0o777).toBe(0o600);

  // A fresh machine: restore into an empty data folder.
  const fresh = testInfo.outputPath("fresh");
  const freshEnv: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: `file:${path.join(fresh, "hocdanvan.db")}`,
    DATA_DIR: path.join(fresh, "data"),
    CERT_SIGNING_KEY: "",
  };
  const restored = await cli(["restore", backupDir], freshEnv);
  expect(restored.stdout).toMatch(/Đã khôi phục .* chứng nhận xác minh được/);
  // Restoring again over it is refused without --force.
  await expect(cli(["restore", backupDir], freshEnv)).rejects.toMatchObject({ code: 1 });

  const production: NodeJS.ProcessEnv = {
    ...freshEnv,
    NODE_ENV: "production",
    APP_ORIGIN: "https://hocdanvan.example.vn",
  };
  // Without the key file the restored database's certificates would no longer verify: no start.
  const keyless = await startServer({ ...production, DATA_DIR: path.join(fresh, "no-key") });
  expect(keyless.exitCode).not.toBe(0);
  expect(keyless.exitCode).not.toBeNull();
  expect(keyless.output).toContain("CERT_SIGNING_KEY_SETUP=1");
  expect(fs.existsSync(path.join(fresh, "no-key", "cert-signing-key.pem"))).toBe(false);
  // Production without its public origin does not start either.
  const originless = await startServer({ ...production, APP_ORIGIN: "" });
  expect(originless.exitCode).not.toBeNull();
  expect(originless.output).toContain("APP_ORIGIN");

  const server = await startServer(production);
  try {
    expect(server.exitCode, server.output).toBeNull();
    const page = await (await fetch(`${server.base}/verify/${cert.serial}`)).text();
    expect(page).toContain("Chứng nhận hợp lệ");
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(pdf)], { type: "application/pdf" }), "chung-nhan.pdf");
    const upload = await fetch(`${server.base}/verify/${cert.serial}`, { method: "POST", body: form });
    expect(upload.status).toBe(200);
    expect(await upload.text()).toContain("chứng nhận thật");
  } finally {
    await server.stop();
  }
});
