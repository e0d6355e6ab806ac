import { PassThrough, Readable } from "node:stream";

import ExcelJS from "exceljs";

import { type Cell, CSV_BOM, csvLine } from "~/exports/csv";
import { slugify } from "~/utils/vietnamese";

/**
 * Streamed downloads of tables: rows come from an async iterable (a query read in chunks) and leave
 * as they are produced, so a 100,000-row export never sits in memory whole. CSV and XLSX share the
 * header and rows; the format is the only difference.
 */
export type Table = { title: string; header: string[]; rows: AsyncIterable<Cell[]> | Iterable<Cell[]> };

function disposition(title: string, ext: string) {
  const ascii = `${slugify(title) || "bao-cao"}.${ext}`;
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(`${title}.${ext}`)}`;
}

const headers = (type: string, title: string, ext: string) => ({
  "Content-Type": type,
  "Content-Disposition": disposition(title, ext),
  "Cache-Control": "private, no-store",
});

/** A CSV download, pulled row by row as the client reads (backpressure through the stream). */
export function csvResponse(table: Table) {
  async function* lines() {
    yield CSV_BOM + csvLine(table.header);
    let batch = "";
    let n = 0;
    for await (const row of table.rows) {
      batch += csvLine(row);
      // Small strings are joined into ~64 KB chunks: fewer, larger writes.
      if (++n % 500 === 0) {
        yield batch;
        batch = "";
      }
    }
    if (batch) yield batch;
  }
  const stream = Readable.from(lines(), { objectMode: false });
  return new Response(Readable.toWeb(stream) as ReadableStream, {
    headers: headers("text/csv; charset=utf-8", table.title, "csv"),
  });
}

/** An XLSX download written with exceljs' streaming writer (rows committed as they come). */
export function xlsxResponse(table: Table) {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  const sheet = workbook.addWorksheet(table.title.slice(0, 31).replace(/[\\/?*[\]:]/g, "-"));
  void (async () => {
    try {
      const head = sheet.addRow(table.header);
      head.font = { bold: true };
      head.commit();
      let n = 0;
      for await (const row of table.rows) {
        sheet.addRow(row.map((c) => (c === null || c === undefined ? "" : c))).commit();
        // Let the zip stream drain when the client is slower than the query.
        if (++n % 1000 === 0 && out.writableNeedDrain) await new Promise((r) => out.once("drain", r));
      }
      sheet.commit();
      await workbook.commit();
    } catch (error) {
      out.destroy(error as Error);
    }
  })();
  return new Response(Readable.toWeb(out) as ReadableStream, {
    headers: headers("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", table.title, "xlsx"),
  });
}

/** CSV or XLSX by the requested format. */
export function tableResponse(format: "csv" | "xlsx", table: Table) {
  return format === "xlsx" ? xlsxResponse(table) : csvResponse(table);
}
