import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

import { notFound } from "~/auth/guards.server";
import { readCaughtMail } from "~/mail/catcher.server";
import { mailCatcherDir, mailCatcherEnabled } from "~/mail/outbox.server";

export const meta: MetaFunction = () => [{ title: "Hộp thư thử nghiệm – Học Dân vận" }];

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

/**
 * The mails the built-in catcher received. Only where the catcher runs (no SMTP configured), and only
 * to a browser on the machine itself: the mails carry password links.
 */
export async function loader(args: LoaderFunctionArgs) {
  if (!mailCatcherEnabled() || !LOOPBACK.has(args.context.clientIp)) notFound();
  const mails = await readCaughtMail(mailCatcherDir(), { newestFirst: true, limit: 50 });
  return {
    mails: mails.map((m) => ({ file: m.file, to: m.to, subject: m.subject, text: m.text })),
  };
}

export default function DevMailPage() {
  const { mails } = useLoaderData<typeof loader>();
  return (
    <div className="container">
      <h1>Hộp thư thử nghiệm</h1>
      <p className="muted">
        Chưa cấu hình máy chủ SMTP: thư hệ thống gửi đi được giữ lại ở đây (mới nhất trước), chỉ xem được trên chính máy
        chủ. Cấu hình SMTP_HOST trong .env để gửi thư thật.
      </p>
      {mails.length === 0 ? <p>Chưa có thư nào.</p> : null}
      {mails.map((m) => (
        <article key={m.file} className="card" style={{ marginBottom: 16 }}>
          <h2>{m.subject}</h2>
          <p className="muted">Tới: {m.to}</p>
          <pre style={{ whiteSpace: "pre-wrap" }}>
            {m.text.split(/(https?:\/\/\S+)/).map((part, i) =>
              i % 2 ? (
                <a key={i} href={part}>
                  {part}
                </a>
              ) : (
                part
              ),
            )}
          </pre>
        </article>
      ))}
    </div>
  );
}
