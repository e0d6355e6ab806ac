import fs from "node:fs/promises";
import type { AddressInfo } from "node:net";
import path from "node:path";

import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

/**
 * A real SMTP server on loopback that keeps every mail it receives, as received, in a folder: the
 * development mail catcher (mails readable at /dev/mail) and the tests' stand-in for an SMTP service.
 * Never started in production unless MAIL_CATCHER=1 (the npm start demo).
 */
export async function startMailCatcher(options: { dir: string; port?: number; host?: string }) {
  await fs.mkdir(options.dir, { recursive: true });
  let sequence = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    size: 10 * 1024 * 1024,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        // Sortable by arrival, unique across processes writing to one folder.
        const name = `${Date.now()}-${process.pid}-${String(++sequence).padStart(6, "0")}.eml`;
        fs.writeFile(path.join(options.dir, name), Buffer.concat(chunks)).then(
          () => callback(),
          (error: Error) => callback(error),
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export type CaughtMail = { file: string; to: string; from: string; subject: string; text: string; html: string };

/** The caught mails, oldest first (`newestFirst` and `limit` for the /dev/mail page). */
export async function readCaughtMail(
  dir: string,
  options: { newestFirst?: boolean; limit?: number } = {},
): Promise<CaughtMail[]> {
  const files = (await fs.readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith(".eml")).sort();
  if (options.newestFirst) files.reverse();
  return Promise.all(
    files.slice(0, options.limit ?? files.length).map(async (file) => {
      const parsed = await simpleParser(await fs.readFile(path.join(dir, file)));
      const to = Array.isArray(parsed.to) ? parsed.to.map((a) => a.text).join(", ") : (parsed.to?.text ?? "");
      return {
        file,
        to,
        from: parsed.from?.text ?? "",
        subject: parsed.subject ?? "",
        text: parsed.text ?? "",
        html: typeof parsed.html === "string" ? parsed.html : "",
      };
    }),
  );
}
