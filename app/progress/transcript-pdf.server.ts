import { PDFDocument, rgb } from "pdf-lib";

import { embedVietnameseFonts } from "~/certificates/fonts.server";
import type { TranscriptRow } from "~/progress/transcript.server";
import { formatDate } from "~/utils/dates";

const vnDay = (day: string) => day.split("-").reverse().join("/");
/** "từ 01/01/2026 đến 31/12/2026", either end open. */
export const periodText = (period: { from: string; to: string }) =>
  [period.from ? `từ ${vnDay(period.from)}` : "", period.to ? `đến ${vnDay(period.to)}` : ""].filter(Boolean).join(" ");

/** The transcript as an A4 PDF: learner, then one row per course. */
export async function transcriptPdf(options: {
  learner: { name: string; unit: string; email: string };
  rows: TranscriptRow[];
  creditedHours: number;
  period?: { from: string; to: string };
  now?: Date;
}) {
  const doc = await PDFDocument.create();
  const { regular, bold } = await embedVietnameseFonts(doc);
  const columns = [
    { title: "Khóa học", width: 190, value: (r: TranscriptRow) => r.course },
    { title: "Giờ", width: 35, value: (r: TranscriptRow) => String(r.hours) },
    { title: "Trạng thái", width: 95, value: (r: TranscriptRow) => r.status },
    { title: "Điểm thi", width: 50, value: (r: TranscriptRow) => r.bestScore },
    { title: "Hoàn thành", width: 65, value: (r: TranscriptRow) => r.completedOn },
    { title: "Chứng nhận", width: 95, value: (r: TranscriptRow) => r.certificate },
  ];
  let page = doc.addPage([595.28, 841.89]);
  let y = 790;
  page.drawText("BẢNG KẾT QUẢ HỌC TẬP", { x: 40, y, font: bold, size: 18, color: rgb(0.64, 0.1, 0.12) });
  y -= 26;
  for (const line of [
    options.learner.name,
    options.learner.unit,
    options.learner.email,
    `Ngày lập: ${formatDate(options.now ?? new Date())}`,
    ...(options.period?.from || options.period?.to ? [`Thời gian hoàn thành: ${periodText(options.period)}`] : []),
  ]) {
    page.drawText(line, { x: 40, y, font: regular, size: 11 });
    y -= 16;
  }
  y -= 10;
  const drawRow = (cells: string[], font = regular) => {
    // Wrap each cell to its column; the row is as tall as its tallest cell.
    const wrapped = cells.map((text, i) => {
      const lines: string[] = [];
      let line = "";
      for (const word of text.split(/\s+/)) {
        const next = line ? `${line} ${word}` : word;
        if (font.widthOfTextAtSize(next, 9.5) > columns[i]!.width - 6 && line) {
          lines.push(line);
          line = word;
        } else line = next;
      }
      lines.push(line);
      return lines;
    });
    const height = Math.max(...wrapped.map((l) => l.length)) * 12 + 6;
    if (y - height < 50) {
      page = doc.addPage([595.28, 841.89]);
      y = 800;
    }
    let x = 40;
    wrapped.forEach((lines, i) => {
      lines.forEach((l, j) => page.drawText(l, { x: x + 3, y: y - 11 - j * 12, font, size: 9.5 }));
      x += columns[i]!.width;
    });
    y -= height;
    page.drawLine({
      start: { x: 40, y },
      end: { x: 40 + columns.reduce((s, c) => s + c.width, 0), y },
      thickness: 0.5,
      color: rgb(0.8, 0.82, 0.85),
    });
  };
  drawRow(
    columns.map((c) => c.title),
    bold,
  );
  for (const row of options.rows) drawRow(columns.map((c) => c.value(row)));
  if (!options.rows.length) drawRow(["Chưa có khóa học nào.", "", "", "", "", ""]);
  drawRow(["Tổng số giờ được công nhận", String(options.creditedHours), "", "", "", ""], bold);
  doc.setTitle(`Bảng kết quả học tập – ${options.learner.name}`);
  doc.setCreator("Học Dân vận");
  return doc.save();
}
