import ExcelJS from "exceljs";

import { foldVietnamese } from "~/utils/vietnamese";

/**
 * Reading a staff list (CSV or XLSX) into rows with their line numbers. Only the shape of the file
 * is checked here; what each row means is the plan's business (app/org/import.server.ts).
 */
export type ImportRow = {
  line: number;
  fullName: string;
  email: string;
  position: string;
  unit: string;
  roles: string;
};

export type ParsedFile = { ok: true; rows: ImportRow[] } | { ok: false; message: string };

/** The columns, by their folded header: "Họ và tên", "Mã đơn vị", "Đơn vị", "Vai trò"… */
const COLUMNS: Record<Exclude<keyof ImportRow, "line">, string[]> = {
  fullName: ["ho va ten", "ho ten", "ho va ten day du", "full name", "fullname", "name"],
  email: ["email", "e-mail", "thu dien tu"],
  position: ["chuc vu", "position"],
  unit: ["ma don vi", "don vi", "ma don vi (hoac duong dan)", "duong dan don vi", "unit"],
  roles: ["vai tro", "role", "roles"],
};

export const IMPORT_HEADER = ["Họ và tên", "Email", "Chức vụ", "Mã đơn vị", "Vai trò"];

export const MAX_IMPORT_ROWS = 50_000;

function mapHeader(header: string[]) {
  const folded = header.map((h) => foldVietnamese(h.trim()).toLowerCase().replace(/\s+/g, " "));
  const index = {} as Record<keyof typeof COLUMNS, number>;
  const missing: string[] = [];
  for (const [key, names] of Object.entries(COLUMNS) as [keyof typeof COLUMNS, string[]][]) {
    index[key] = folded.findIndex((h) => names.includes(h));
    if (index[key] < 0 && key !== "roles" && key !== "position") missing.push(key);
  }
  return { index, missing };
}

const MISSING_LABELS: Record<string, string> = { fullName: "Họ và tên", email: "Email", unit: "Mã đơn vị" };

function toRows(records: { line: number; cells: string[] }[]): ParsedFile {
  const [head, ...body] = records;
  if (!head) return { ok: false, message: "Tệp trống: không có dòng tiêu đề." };
  const { index, missing } = mapHeader(head.cells);
  if (missing.length)
    return {
      ok: false,
      message: `Thiếu cột: ${missing.map((m) => MISSING_LABELS[m]).join(", ")}. Dòng đầu tiên phải là tiêu đề như tệp mẫu (${IMPORT_HEADER.join(", ")}).`,
    };
  const cell = (cells: string[], i: number) => (i >= 0 ? (cells[i] ?? "").trim() : "");
  const rows = body
    // Blank lines (Excel leaves some at the end) are not rows of the file.
    .filter((r) => r.cells.some((c) => c.trim() !== ""))
    .map((r) => ({
      line: r.line,
      fullName: cell(r.cells, index.fullName),
      email: cell(r.cells, index.email),
      position: cell(r.cells, index.position),
      unit: cell(r.cells, index.unit),
      roles: cell(r.cells, index.roles),
    }));
  if (rows.length > MAX_IMPORT_ROWS)
    return { ok: false, message: `Tệp có ${rows.length} dòng, vượt giới hạn ${MAX_IMPORT_ROWS} dòng mỗi lần nhập.` };
  return { ok: true, rows };
}

/**
 * RFC 4180 CSV with its delimiter guessed from the header line (Excel with Vietnamese regional
 * settings saves ";"). Each record keeps the physical line it starts on, quoted line breaks included.
 */
export function parseCsv(text: string): { line: number; cells: string[] }[] {
  const source = text.replace(/^\uFEFF/, "");
  const firstLine = source.slice(0, source.search(/\r?\n|$/));
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ";" : ",";
  const records: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let start = 1;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (quoted) {
      if (c === '"' && source[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === "\n") line++;
        field += c;
      }
    } else if (c === '"' && field === "") quoted = true;
    else if (c === delimiter) {
      cells.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && source[i + 1] === "\n") i++;
      cells.push(field);
      records.push({ line: start, cells });
      cells = [];
      field = "";
      line++;
      start = line;
    } else field += c;
  }
  if (field !== "" || cells.length) {
    cells.push(field);
    records.push({ line: start, cells });
  }
  return records;
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "object") {
    if ("text" in value && typeof value.text === "string") return value.text; // hyperlink (emails)
    if ("richText" in value) return value.richText.map((r) => r.text).join("");
    if ("result" in value) return String(value.result ?? "");
    if (value instanceof Date) return value.toISOString().slice(0, 10);
  }
  return String(value);
}

/** The first worksheet, row 1 as the header; line numbers are the sheet's row numbers. */
async function parseXlsx(bytes: Uint8Array): Promise<ParsedFile> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return { ok: false, message: "Không đọc được tệp Excel (.xlsx). Hãy lưu lại tệp dưới dạng .xlsx hoặc CSV UTF-8." };
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { ok: false, message: "Tệp Excel không có trang tính nào." };
  const records: { line: number; cells: string[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = row.values as ExcelJS.CellValue[]; // 1-based: index 0 is empty
    records.push({ line: rowNumber, cells: values.slice(1).map(cellText) });
  });
  return toRows(records);
}

const XLSX_MAGIC = [0x50, 0x4b, 0x03, 0x04]; // a ZIP file

export async function parseImportFile(bytes: Uint8Array): Promise<ParsedFile> {
  if (XLSX_MAGIC.every((b, i) => bytes[i] === b)) return parseXlsx(bytes);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return {
      ok: false,
      message: "Tệp CSV không phải mã UTF-8. Trong Excel, chọn Lưu thành → “CSV UTF-8 (phân tách bằng dấu phẩy)”.",
    };
  }
  return toRows(parseCsv(text.normalize("NFC")));
}
