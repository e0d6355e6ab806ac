import type { Db } from "~/db.server";
import { escapeHtml } from "~/utils/html";

export const PLATFORM_NAME = "Học Dân vận";

/**
 * The unit a mail is signed with when no particular unit sends it (resets, certificates, an
 * administrator's assignment): the top of the organisation tree.
 */
export async function defaultSenderUnit(db: Db) {
  const root = await db.unit.findFirst({ where: { parentId: null }, orderBy: { path: "asc" }, select: { name: true } });
  return root?.name ?? "Ban quản trị";
}

export type MailContent = { subject: string; text: string; html: string };

/**
 * Every mail has the same shape, in Vietnamese, as plain text and as simple HTML: a greeting, the
 * message, at most one action link (written out in full in the text part, for mail readers that show
 * no HTML), and a signature naming the platform and the unit that sends it.
 */
export function renderMail(options: {
  subject: string;
  recipientName: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  senderUnit: string;
  footnote?: string;
}): MailContent {
  const signature = [`${options.senderUnit}`, `Nền tảng bồi dưỡng ${PLATFORM_NAME}`];
  const text = [
    `Kính gửi đồng chí ${options.recipientName},`,
    "",
    ...options.paragraphs.flatMap((p) => [p, ""]),
    ...(options.action ? [`${options.action.label}: ${options.action.url}`, ""] : []),
    ...(options.footnote ? [options.footnote, ""] : []),
    "Trân trọng,",
    ...signature,
    "",
    "Thư này được gửi tự động, vui lòng không trả lời.",
  ].join("\n");
  const html = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>${escapeHtml(options.subject)}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;color:#1a1a1a;line-height:1.5;max-width:36rem">
<p>Kính gửi đồng chí ${escapeHtml(options.recipientName)},</p>
${options.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("\n")}
${
  options.action
    ? `<p><a href="${escapeHtml(options.action.url)}" style="display:inline-block;background:#9b1c1c;color:#ffffff;padding:.6rem 1rem;text-decoration:none;border-radius:4px">${escapeHtml(options.action.label)}</a></p>
<p style="font-size:.9em;color:#444">Nếu nút không bấm được, hãy mở địa chỉ: ${escapeHtml(options.action.url)}</p>`
    : ""
}
${options.footnote ? `<p style="font-size:.9em;color:#444">${escapeHtml(options.footnote)}</p>` : ""}
<p>Trân trọng,<br>${signature.map(escapeHtml).join("<br>")}</p>
<p style="font-size:.8em;color:#555">Thư này được gửi tự động, vui lòng không trả lời.</p>
</body></html>`;
  return { subject: `[${PLATFORM_NAME}] ${options.subject}`, text, html };
}
