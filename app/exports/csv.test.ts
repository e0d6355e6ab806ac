import ExcelJS from "exceljs";
import { describe, expect, test } from "vitest";

import { csvCell, csvDocument } from "~/exports/csv";
import { csvResponse, xlsxResponse } from "~/exports/export.server";

describe("CSV bytes", () => {
  test("BOM, CRLF, quoting of commas, quotes and newlines, neutralised formulas", () => {
    const text = csvDocument(
      ["Họ và tên", "Ghi chú"],
      [
        ["Nguyễn Văn A", "Xã Hòa Bình, Quảng Trị"],
        ['Trần "Út" B', "dòng 1\ndòng 2"],
        ['=HYPERLINK("http://x")', "+84 912"],
        ["-1+2", "@SUM(A1)"],
        [-5, 92.5],
      ],
    );
    const bytes = Buffer.from(text, "utf8");
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text.slice(1)).toBe(
      "Họ và tên,Ghi chú\r\n" +
        'Nguyễn Văn A,"Xã Hòa Bình, Quảng Trị"\r\n' +
        '"Trần ""Út"" B","dòng 1\ndòng 2"\r\n' +
        '"\'=HYPERLINK(""http://x"")",\'+84 912\r\n' +
        "'-1+2,'@SUM(A1)\r\n" +
        "-5,92.5\r\n",
    );
  });

  test("empty and missing cells are empty; text is NFC", () => {
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
    expect(csvCell("Tha\u0300nh")).toBe("Thành");
  });

  test("a streamed CSV response is the same bytes as the document", async () => {
    async function* rows() {
      yield ["a,b", 1];
      yield ["=1", 2];
    }
    const res = csvResponse({ title: "Báo cáo thử", header: ["Cột", "Số"], rows: rows() });
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toContain('filename="bao-cao-thu.csv"');
    expect(await res.text()).toBe(
      csvDocument(
        ["Cột", "Số"],
        [
          ["a,b", 1],
          ["=1", 2],
        ],
      ).slice(1),
    );
  });

  test("XLSX export reads back with the Vietnamese header and the rows", async () => {
    const res = xlsxResponse({
      title: "Báo cáo",
      header: ["Họ và tên", "Tỷ lệ"],
      rows: [
        ["Phạm Thị Dung", 92.5],
        ["=1+1", 3],
      ],
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).values).toEqual([undefined, "Họ và tên", "Tỷ lệ"]);
    expect(sheet.getRow(2).values).toEqual([undefined, "Phạm Thị Dung", 92.5]);
    // A string cell, never a formula.
    expect(sheet.getRow(3).getCell(1).type).toBe(ExcelJS.ValueType.String);
  });
});
