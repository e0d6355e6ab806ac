import { PDFDocument, type PDFFont, type PDFPage, rgb } from "pdf-lib";
import QRCode from "qrcode";

import { embedVietnameseFonts } from "~/certificates/fonts.server";
import type { CertificatePayload } from "~/certificates/payload";
import { formatDate } from "~/utils/dates";
import { formatPercent } from "~/utils/format";

/** Name of the file attached inside every certificate PDF: the signed payload and its signature. */
export const PAYLOAD_ATTACHMENT = "hocdanvan-certificate.json";

const RED = rgb(0.64, 0.1, 0.12);
const GOLD = rgb(0.8, 0.62, 0.2);
const INK = rgb(0.12, 0.14, 0.16);
const MUTED = rgb(0.34, 0.38, 0.42);

function centered(
  page: PDFPage,
  text: string,
  options: { y: number; font: PDFFont; size: number; color?: ReturnType<typeof rgb>; spacing?: number },
) {
  const spacing = options.spacing ?? 0;
  const width = options.font.widthOfTextAtSize(text, options.size) + spacing * (text.length - 1);
  const x = (page.getWidth() - width) / 2;
  if (!spacing) {
    page.drawText(text, { x, y: options.y, font: options.font, size: options.size, color: options.color ?? INK });
    return;
  }
  let cursor = x;
  for (const ch of text) {
    page.drawText(ch, { x: cursor, y: options.y, font: options.font, size: options.size, color: options.color ?? INK });
    cursor += options.font.widthOfTextAtSize(ch, options.size) + spacing;
  }
}

/** Splits text into lines no wider than maxWidth; a word wider than a line is broken between letters. */
function wrap(text: string, font: PDFFont, size: number, maxWidth: number) {
  const fits = (t: string) => font.widthOfTextAtSize(t, size) <= maxWidth;
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (fits(candidate)) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    line = "";
    for (const ch of word) {
      if (line && !fits(line + ch)) {
        lines.push(line);
        line = "";
      }
      line += ch;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * Fits text that may be long (a learner's or a unit's name) into the width: one line, shrinking
 * down to `minSize`; then two lines, then three, each shrinking further. Never wider than maxWidth.
 */
function fit(text: string, options: { font: PDFFont; size: number; minSize: number; maxWidth: number }) {
  const { font, maxWidth } = options;
  const steps = [
    { lines: 1, from: options.size, to: options.minSize },
    { lines: 2, from: options.minSize, to: options.minSize * 0.7 },
    { lines: 3, from: options.minSize * 0.7, to: options.minSize * 0.5 },
  ];
  for (const step of steps)
    for (let size = step.from; size >= step.to; size -= 0.5) {
      const lines = wrap(text, font, size, maxWidth);
      if (lines.length <= step.lines) return { lines, size };
    }
  const size = options.minSize * 0.5;
  return { lines: wrap(text, font, size, maxWidth), size };
}

/** Draws fitted text centred, the first baseline at y; returns how far below y the block reaches beyond one line. */
function centeredBlock(
  page: PDFPage,
  text: string,
  options: { y: number; font: PDFFont; size: number; minSize: number; maxWidth: number; color: ReturnType<typeof rgb> },
) {
  const { lines, size } = fit(text, options);
  const leading = size * 1.2;
  lines.forEach((line, i) =>
    centered(page, line, { y: options.y - i * leading, font: options.font, size, color: options.color }),
  );
  return (lines.length - 1) * leading;
}

function drawQr(page: PDFPage, text: string, options: { x: number; y: number; size: number }) {
  const qr = QRCode.create(text, { errorCorrectionLevel: "M" });
  const n = qr.modules.size;
  const cell = options.size / (n + 8); // 4-module quiet zone each side
  page.drawRectangle({ x: options.x, y: options.y, width: options.size, height: options.size, color: rgb(1, 1, 1) });
  // One rectangle per horizontal run of dark modules: a fraction of the drawing operations.
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n;) {
      if (!qr.modules.data[row * n + col]) {
        col++;
        continue;
      }
      let end = col;
      while (end < n && qr.modules.data[row * n + end]) end++;
      page.drawRectangle({
        x: options.x + (col + 4) * cell,
        y: options.y + options.size - (row + 5) * cell,
        width: (end - col) * cell,
        height: cell,
        color: rgb(0, 0, 0),
      });
      col = end;
    }
  }
}

/**
 * The certificate, A4 landscape, Be Vietnam Pro embedded (subset). The signed payload travels
 * inside the file as an attachment, so the PDF alone can be checked at /verify.
 */
export async function renderCertificatePdf(options: {
  payload: CertificatePayload;
  payloadJson: string;
  signature: string;
  keyId: string;
  revoked?: boolean;
}) {
  const { payload } = options;
  const doc = await PDFDocument.create();
  const { regular, semibold, bold, italic } = await embedVietnameseFonts(doc);
  const page = doc.addPage([841.89, 595.28]);
  const W = page.getWidth();
  const H = page.getHeight();

  // Frame: a red outer border, a thin gold inner one, gold corner marks.
  page.drawRectangle({ x: 0, y: 0, width: W, height: H, color: rgb(1, 0.995, 0.975) });
  page.drawRectangle({ x: 18, y: 18, width: W - 36, height: H - 36, borderColor: RED, borderWidth: 4 });
  page.drawRectangle({ x: 30, y: 30, width: W - 60, height: H - 60, borderColor: GOLD, borderWidth: 1.2 });
  for (const [cx, cy] of [
    [30, 30],
    [W - 30, 30],
    [30, H - 30],
    [W - 30, H - 30],
  ] as const) {
    page.drawCircle({ x: cx, y: cy, size: 6, color: GOLD });
  }

  centered(page, payload.issuer.toUpperCase(), { y: H - 78, font: semibold, size: 12, color: RED, spacing: 0.6 });
  page.drawLine({ start: { x: W / 2 - 60, y: H - 90 }, end: { x: W / 2 + 60, y: H - 90 }, thickness: 1, color: GOLD });
  centered(page, "CHỨNG NHẬN", { y: H - 150, font: bold, size: 46, color: RED, spacing: 3 });
  centered(page, "HOÀN THÀNH KHÓA BỒI DƯỠNG", { y: H - 178, font: semibold, size: 13, color: MUTED, spacing: 2 });

  centered(page, "Chứng nhận đồng chí", { y: H - 222, font: italic, size: 13, color: MUTED });
  // Names can be long: fitted inside the frame, and what follows moves down by the extra lines.
  const text = { maxWidth: W - 160 };
  let shift = centeredBlock(page, payload.learner.name, {
    ...text,
    y: H - 262,
    font: bold,
    size: 32,
    minSize: 20,
    color: INK,
  });
  shift += centeredBlock(page, payload.learner.unit, {
    ...text,
    y: H - 290 - shift,
    font: regular,
    size: 13,
    minSize: 10,
    color: MUTED,
  });
  centered(page, "đã hoàn thành khóa học", { y: H - 322 - shift, font: italic, size: 13, color: MUTED });
  const titleLines = wrap(payload.course.title, bold, 19, W - 200);
  titleLines.forEach((line, i) =>
    centered(page, line, { y: H - 352 - shift - i * 25, font: bold, size: 19, color: RED }),
  );

  const facts = [
    `Thời lượng: ${payload.course.hours} giờ`,
    payload.finalScore !== null ? `Kết quả bài thi cuối khóa: ${formatPercent(payload.finalScore)}` : null,
    `Ngày hoàn thành: ${payload.completedOn}`,
  ]
    .filter(Boolean)
    .join("   ·   ");
  centered(page, facts, { y: H - 352 - shift - titleLines.length * 25 - 14, font: regular, size: 12.5, color: INK });

  // Bottom band: serial and verification on the left, QR code on the right.
  const baseY = 62;
  page.drawText("Số hiệu chứng nhận", { x: 60, y: baseY + 54, font: regular, size: 9.5, color: MUTED });
  page.drawText(payload.serial, { x: 60, y: baseY + 34, font: bold, size: 16, color: INK });
  page.drawText(`Ngày cấp: ${formatDate(payload.issuedAt)}`, {
    x: 60,
    y: baseY + 16,
    font: regular,
    size: 10,
    color: MUTED,
  });
  page.drawText(`Xác minh tại: ${payload.verifyUrl}`, { x: 60, y: baseY, font: regular, size: 10, color: MUTED });
  centered(page, "Chứng nhận được ký số (Ed25519); dữ liệu đã ký được đính kèm trong tệp này.", {
    y: 44,
    font: italic,
    size: 8.5,
    color: MUTED,
  });
  drawQr(page, payload.verifyUrl, { x: W - 60 - 96, y: baseY - 6, size: 96 });
  page.drawText("Quét để xác minh", { x: W - 60 - 96 + 12, y: baseY - 18, font: regular, size: 8.5, color: MUTED });

  if (options.revoked) {
    centered(page, "ĐÃ THU HỒI", { y: H / 2 - 20, font: bold, size: 80, color: rgb(0.85, 0.2, 0.2), spacing: 4 });
  }

  const issued = new Date(payload.issuedAt);
  doc.setTitle(`Chứng nhận ${payload.serial} – ${payload.learner.name}`);
  doc.setAuthor(payload.issuer);
  doc.setSubject(payload.course.title);
  doc.setCreator("Học Dân vận");
  doc.setProducer("Học Dân vận");
  doc.setCreationDate(issued);
  doc.setModificationDate(issued);
  await doc.attach(
    Buffer.from(
      JSON.stringify({
        alg: "Ed25519",
        keyId: options.keyId,
        payload: options.payloadJson,
        signature: options.signature,
      }),
      "utf8",
    ),
    PAYLOAD_ATTACHMENT,
    {
      mimeType: "application/json",
      description: "Dữ liệu chứng nhận đã ký số",
      creationDate: issued,
      modificationDate: issued,
    },
  );
  return doc.save();
}
