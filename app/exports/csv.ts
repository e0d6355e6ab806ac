/**
 * The one CSV writer (transcripts, reports, lists). Excel-friendly and safe to open:
 * - UTF-8 with a byte-order mark, so Excel shows the diacritics;
 * - CRLF line ends, RFC 4180 quoting (a cell with a comma, semicolon, quote, CR or LF is quoted,
 *   quotes doubled);
 * - text cells starting with =, +, -, @ (or a tab / CR) get a leading apostrophe, so a spreadsheet
 *   never runs them as a formula (OWASP "CSV injection"). Numbers are written as numbers.
 */
export type Cell = string | number | null | undefined;

export const CSV_BOM = "\uFEFF";

export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  let s = value.normalize("NFC");
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",;\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** `;` is for Excel under Vietnamese regional settings, whose list separator is `;` (cells are quoted for both). */
export type CsvDelimiter = "," | ";";

export function csvLine(cells: Cell[], delimiter: CsvDelimiter = ","): string {
  return cells.map(csvCell).join(delimiter) + "\r\n";
}

/** A whole small document: BOM, header, rows. */
export function csvDocument(header: string[], rows: Cell[][], delimiter: CsvDelimiter = ","): string {
  return CSV_BOM + csvLine(header, delimiter) + rows.map((r) => csvLine(r, delimiter)).join("");
}
