import ExcelJS from "exceljs";
import { describe, expect, test } from "vitest";

import { createSession, validateSessionToken } from "~/auth/session.server";
import { prisma } from "~/db.server";
import { createImportJob, getImportPlan, getImportStatus, rejectedRows, startImportCommit } from "~/org/import.server";
import { parseCsv } from "~/org/import-file.server";

import { makeUnit, makeUser } from "../../tests/factories";

async function actorOf(userId: string) {
  const { token } = await createSession({ userId });
  return { ...(await validateSessionToken(token)).user!, ip: "192.0.2.10" };
}

const bytes = (text: string) => new TextEncoder().encode(text);
const stamp = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

async function importFile(actor: Awaited<ReturnType<typeof actorOf>>, content: Uint8Array) {
  const job = await createImportJob({ actor, fileName: "ds.csv", bytes: content });
  return { id: job.id, plan: await getImportPlan(actor, job.id), status: await getImportStatus(actor, job.id) };
}

async function commit(actor: Awaited<ReturnType<typeof actorOf>>, jobId: string, mode: "strict" | "skip") {
  const started = await startImportCommit({ actor, jobId, mode });
  await started.done;
  return getImportStatus(actor, jobId);
}

describe("staff import", () => {
  test("a file full of bad rows: every error with its line and reason, nothing written", async () => {
    const admin = await actorOf((await makeUser({ roles: ["ADMIN"] })).id);
    const unit = await makeUnit();
    const s = stamp();
    const csv = [
      "Họ và tên,Email,Chức vụ,Mã đơn vị,Vai trò",
      `,thieu-ten-${s}@thu.test,,${unit.id},`,
      `Sai Email,khong-phai-email,,${unit.id},`,
      `Không Đơn Vị,khong-don-vi-${s}@thu.test,,Xã Không Có ${s},`,
      `Trùng Một,trung-${s}@thu.test,,${unit.id},`,
      `Trùng Hai,TRUNG-${s}@thu.test,,${unit.id},`,
      `Sai Vai Trò,vai-tro-${s}@thu.test,,${unit.id},thủ quỹ`,
      `"Nhiều, dòng",nhieu-${s}@thu.test,"Chức vụ`,
      `hai dòng",${unit.id},`,
    ].join("\r\n");
    const before = await prisma.user.count();
    const { id, plan, status } = await importFile(admin, bytes(csv));
    expect(plan.map((p) => [p.line, p.action])).toEqual([
      [2, "error"],
      [3, "error"],
      [4, "error"],
      [5, "error"],
      [6, "error"],
      [7, "error"],
      [8, "create"],
    ]);
    expect(plan.map((p) => p.reason ?? "")).toEqual([
      "Thiếu họ và tên.",
      "Email không hợp lệ: “khong-phai-email”.",
      `Không tìm thấy đơn vị “Xã Không Có ${s}”.`,
      expect.stringContaining("Email trùng trong tệp (các dòng 5, 6)"),
      expect.stringContaining("Email trùng trong tệp (các dòng 5, 6)"),
      "Vai trò không hợp lệ: “thủ quỹ”.",
      "",
    ]);
    expect(status.created + status.updated + status.unchanged + status.errors).toBe(7);
    expect(await prisma.user.count()).toBe(before);
    // "Only if no errors" refuses and writes nothing.
    await expect(startImportCommit({ actor: admin, jobId: id, mode: "strict" })).rejects.toMatchObject({
      field: "mode",
    });
    expect(await prisma.user.count()).toBe(before);
    expect((await rejectedRows(admin, id)).map((r) => r.line)).toEqual([2, 3, 4, 5, 6, 7]);
  });

  test("commit skipping errors, then re-importing the same file changes nothing", async () => {
    const admin = await actorOf((await makeUser({ roles: ["ADMIN"] })).id);
    const unit = await makeUnit({ name: `Xã Nhập ${stamp()}` });
    const s = stamp();
    const existing = await makeUser({ email: `co-san-${s}@thu.test`, fullName: "Lê Có Sẵn", unitId: unit.id });
    const csv = bytes(
      "\uFEFFHọ và tên;Email;Chức vụ;Mã đơn vị;Vai trò\n" +
        `Phạm Mới;moi-${s}@thu.test;Chuyên viên;${unit.name};học viên\n` +
        `Lê Có Sẵn;co-san-${s}@thu.test;Phó chủ tịch;${unit.id};\n` +
        `Lỗi;;;${unit.id};\n`,
    );
    const first = await importFile(admin, csv);
    expect(first.plan.map((p) => p.action)).toEqual(["create", "update", "error"]);
    const done = await commit(admin, first.id, "skip");
    expect(done).toMatchObject({ status: "done", created: 1, updated: 1, unchanged: 0, errors: 1, total: 3 });
    const created = await prisma.user.findUniqueOrThrow({
      where: { email: `moi-${s}@thu.test` },
      include: { roles: true },
    });
    expect([created.passwordHash, created.position, created.unitId, created.roles.map((r) => r.role)]).toEqual([
      "",
      "Chuyên viên",
      unit.id,
      ["LEARNER"],
    ]);
    expect(done.createdUserIds).toEqual([created.id]);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: existing.id } })).position).toBe("Phó chủ tịch");
    const audit = await prisma.auditEvent.findMany({ where: { targetId: { in: [first.id, created.id] } } });
    expect(audit.map((e) => e.action).sort()).toEqual(["import.commit", "user.create"]);

    const again = await importFile(admin, csv);
    expect(again.plan.map((p) => p.action)).toEqual(["unchanged", "unchanged", "error"]);
    const updatedAt = (await prisma.user.findUniqueOrThrow({ where: { id: existing.id } })).updatedAt;
    expect(await commit(admin, again.id, "skip")).toMatchObject({ created: 0, updated: 0, unchanged: 2, errors: 1 });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: existing.id } })).updatedAt).toEqual(updatedAt);
    // A job commits once.
    await expect(startImportCommit({ actor: admin, jobId: again.id, mode: "skip" })).rejects.toMatchObject({
      status: 409,
    });
  });

  test("XLSX files are read like CSV, line numbers being the sheet's rows", async () => {
    const admin = await actorOf((await makeUser({ roles: ["ADMIN"] })).id);
    const unit = await makeUnit();
    const s = stamp();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Danh sách");
    sheet.addRow(["Họ và tên", "Email", "Chức vụ", "Mã đơn vị"]);
    sheet.addRow(["Võ Thị Excel", `excel-${s}@thu.test`, "Bí thư chi bộ", unit.id]);
    sheet.addRow([]);
    sheet.addRow(["", `excel2-${s}@thu.test`, "", unit.id]);
    const file = new Uint8Array(await workbook.xlsx.writeBuffer());
    const { plan } = await importFile(admin, file);
    expect(plan.map((p) => [p.line, p.action, p.reason ?? ""])).toEqual([
      [2, "create", ""],
      [4, "error", "Thiếu họ và tên."],
    ]);
  });

  test("a unit manager imports only learners, only into their subtree", async () => {
    const xa = await makeUnit();
    const other = await makeUnit();
    const manager = await actorOf((await makeUser({ roles: ["UNIT_MANAGER"], unitId: xa.id })).id);
    const outsider = await makeUser({ unitId: other.id });
    const trainer = await makeUser({ roles: ["TRAINER"], unitId: xa.id });
    const s = stamp();
    const csv = bytes(
      [
        "Họ và tên,Email,Chức vụ,Mã đơn vị,Vai trò",
        `Học Viên,hv-${s}@thu.test,,${xa.id},học viên`,
        `Ngoài,ngoai-${s}@thu.test,,${other.id},`,
        `Quản Trị,qt-${s}@thu.test,,${xa.id},quản trị viên`,
        `Chuyển Vào,${outsider.email},,${xa.id},`,
        `Giảng Viên,${trainer.email},,${xa.id},`,
      ].join("\n"),
    );
    const { plan } = await importFile(manager, csv);
    expect(plan.map((p) => p.action)).toEqual(["create", "error", "error", "error", "error"]);
    expect(plan[1]!.reason).toContain("ngoài phạm vi quản lý");
    expect(plan[2]!.reason).toBe("Bạn không có quyền cấp vai trò: Quản trị viên.");
    expect(plan[3]!.reason).toContain("không được sửa");
    expect(plan[4]!.reason).toContain("không được sửa");
  });

  test("CSV: quoted separators and line breaks, doubled quotes, semicolons", () => {
    expect(parseCsv('a;b\n"x;1";"say ""hi""\nthere"\n')).toEqual([
      { line: 1, cells: ["a", "b"] },
      { line: 2, cells: ["x;1", 'say "hi"\nthere'] },
    ]);
  });
});
