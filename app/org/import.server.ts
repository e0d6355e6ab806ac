import { z } from "zod";

import { recordAudit } from "~/audit/audit.server";
import { sendSetPasswordLink } from "~/auth/password-tokens.server";
import { hasRole, isRole, type Role, ROLE_LABELS } from "~/auth/roles";
import { prisma } from "~/db.server";
import { IMPORT_HEADER, type ImportRow, parseImportFile } from "~/org/import-file.server";
import { type Actor, canEditUser, emailField, grantableRoles } from "~/org/users.server";
import { DomainError } from "~/utils/errors";
import { stripControls } from "~/utils/forms";
import { parseJson } from "~/utils/json";
import { foldVietnamese } from "~/utils/vietnamese";

/**
 * Staff import (README "Staff import"): a file becomes an ImportJob holding its rows and a dry-run
 * plan; committing re-plans against the database as it is then and applies the valid rows in short
 * batches, so a 20,000-row import never holds the write lock for long.
 */
export type ImportAction = "create" | "update" | "unchanged" | "error";
export type PlannedRow = {
  line: number;
  email: string;
  fullName: string;
  action: ImportAction;
  reason?: string;
  /** The existing user (update/unchanged). */
  userId?: string;
  /** What is written: set for create and update. */
  data?: { fullName: string; position: string; unitId: string; roles: Role[] | null };
};

const ImportRowsSchema = z.array(
  z.object({
    line: z.number(),
    fullName: z.string(),
    email: z.string(),
    position: z.string(),
    unit: z.string(),
    roles: z.string(),
  }),
);
const PlanSchema = z.array(
  z.object({
    line: z.number(),
    email: z.string(),
    fullName: z.string(),
    action: z.enum(["create", "update", "unchanged", "error"]),
    reason: z.string().optional(),
    userId: z.string().optional(),
    data: z
      .object({
        fullName: z.string(),
        position: z.string(),
        unitId: z.string(),
        roles: z.array(z.enum(["LEARNER", "TRAINER", "UNIT_MANAGER", "ADMIN"])).nullable(),
      })
      .optional(),
  }),
);
const IdListSchema = z.array(z.string());

export const IMPORT_STATUS_LABELS: Record<string, string> = {
  "dry-run": "Chưa nhập (kiểm tra thử)",
  running: "Đang nhập",
  done: "Đã nhập",
  failed: "Dừng giữa chừng",
};

const fold = (text: string) => foldVietnamese(text.trim()).toLowerCase().replace(/\s+/g, " ");

/** Role cells: codes (LEARNER) or Vietnamese labels ("học viên"), several separated by , ; | or +. */
const ROLE_NAMES = new Map<string, Role>(
  (Object.entries(ROLE_LABELS) as [Role, string][]).flatMap(([role, label]) => [
    [fold(role), role],
    [fold(label), role],
  ]),
);

async function unitResolver() {
  const units = await prisma.unit.findMany({ select: { id: true, name: true, path: true, parentId: true } });
  const byId = new Map(units.map((u) => [u.id, u]));
  const fullName = (u: (typeof units)[number]): string => {
    const parent = u.parentId ? byId.get(u.parentId) : undefined;
    return parent ? `${fullName(parent)} / ${u.name}` : u.name;
  };
  const byPath = new Map(units.map((u) => [fold(fullName(u)).replace(/\s*[/>]\s*/g, "/"), u]));
  const byName = new Map<string, (typeof units)[number][]>();
  for (const u of units) byName.set(fold(u.name), [...(byName.get(fold(u.name)) ?? []), u]);
  return (text: string) => {
    const key = fold(text);
    const unit = byId.get(text.trim()) ?? byPath.get(key.replace(/\s*[/>]\s*/g, "/"));
    if (unit) return { unit };
    const named = byName.get(key) ?? [];
    if (named.length === 1) return { unit: named[0]! };
    return { ambiguous: named.length > 1 };
  };
}

/** Every row's verdict against the database now; the same file planned twice gives the same plan. */
export async function planImport(actor: Actor, rows: ImportRow[]): Promise<PlannedRow[]> {
  const resolveUnit = await unitResolver();
  const grantable = grantableRoles(actor);
  const emails = rows.map((r) => r.email.trim().toLowerCase());
  const existing = new Map<
    string,
    {
      id: string;
      fullName: string;
      position: string;
      unitId: string;
      roles: { role: string }[];
      unit: { path: string };
    }
  >();
  const distinct = [...new Set(emails)];
  for (let i = 0; i < distinct.length; i += 500) {
    const found = await prisma.user.findMany({
      where: { email: { in: distinct.slice(i, i + 500) } },
      select: {
        id: true,
        email: true,
        fullName: true,
        position: true,
        unitId: true,
        roles: { select: { role: true } },
        unit: { select: { path: true } },
      },
    });
    for (const u of found) existing.set(u.email, u);
  }
  const linesByEmail = new Map<string, number[]>();
  rows.forEach((r, i) => linesByEmail.set(emails[i]!, [...(linesByEmail.get(emails[i]!) ?? []), r.line]));

  return rows.map((row, i) => {
    const fullName = stripControls(row.fullName).trim();
    const position = stripControls(row.position).trim();
    const base = { line: row.line, email: emails[i]!, fullName };
    const error = (reason: string): PlannedRow => ({ ...base, action: "error", reason });
    if (!fullName) return error("Thiếu họ và tên.");
    if (fullName.length > 120) return error("Họ và tên dài quá 120 ký tự.");
    if (position.length > 150) return error("Chức vụ dài quá 150 ký tự.");
    if (!emails[i]) return error("Thiếu email.");
    if (!emailField.safeParse(emails[i]).success) return error(`Email không hợp lệ: “${row.email}”.`);
    const sameEmail = linesByEmail.get(emails[i]!)!;
    if (sameEmail.length > 1)
      return error(`Email trùng trong tệp (các dòng ${sameEmail.join(", ")}): sửa để mỗi người một dòng rồi nhập lại.`);
    if (!row.unit) return error("Thiếu mã đơn vị.");
    const resolved = resolveUnit(row.unit);
    if (!resolved.unit)
      return error(
        resolved.ambiguous
          ? `Có nhiều đơn vị tên “${row.unit}”: ghi mã đơn vị hoặc đường dẫn đầy đủ (ví dụ “Tỉnh … / Xã …”).`
          : `Không tìm thấy đơn vị “${row.unit}”.`,
      );
    const unit = resolved.unit;
    if (!unit.path.startsWith(hasRole(actor, "ADMIN") ? "/" : actor.unitPath) || grantable.length === 0)
      return error(`Đơn vị “${row.unit}” nằm ngoài phạm vi quản lý của bạn.`);
    let roles: Role[] | null = null;
    if (row.roles) {
      const names = row.roles
        .split(/[,;|+]/)
        .map((r) => r.trim())
        .filter(Boolean);
      const unknown = names.filter((n) => !ROLE_NAMES.has(fold(n)));
      if (unknown.length) return error(`Vai trò không hợp lệ: “${unknown.join(", ")}”.`);
      roles = [...new Set(names.map((n) => ROLE_NAMES.get(fold(n))!))].sort();
      const refused = roles.filter((r) => !grantable.includes(r));
      if (refused.length)
        return error(`Bạn không có quyền cấp vai trò: ${refused.map((r) => ROLE_LABELS[r]).join(", ")}.`);
    }
    const user = existing.get(emails[i]!);
    if (!user) return { ...base, action: "create", data: { fullName, position, unitId: unit.id, roles } };
    if (!canEditUser(actor, user) || !user.unit.path.startsWith(hasRole(actor, "ADMIN") ? "/" : actor.unitPath))
      return error("Email này thuộc một tài khoản bạn không được sửa (ngoài phạm vi hoặc có vai trò khác).");
    const currentRoles = user.roles.map((r) => r.role).sort();
    if (roles && user.id === actor.id && currentRoles.includes("ADMIN") && !roles.includes("ADMIN"))
      return error("Bạn không thể tự bỏ vai trò quản trị viên của chính mình.");
    const same =
      user.fullName === fullName &&
      user.position === position &&
      user.unitId === unit.id &&
      (!roles || JSON.stringify(roles) === JSON.stringify(currentRoles));
    return {
      ...base,
      userId: user.id,
      action: same ? "unchanged" : "update",
      ...(same ? {} : { data: { fullName, position, unitId: unit.id, roles } }),
    };
  });
}

function counts(plan: PlannedRow[]) {
  const c = { created: 0, updated: 0, unchanged: 0, errors: 0 };
  for (const p of plan) {
    if (p.action === "create") c.created++;
    else if (p.action === "update") c.updated++;
    else if (p.action === "unchanged") c.unchanged++;
    else c.errors++;
  }
  return c;
}

/** Reads the file, plans it, and stores both as a dry-run job. */
export async function createImportJob(options: { actor: Actor; fileName: string; bytes: Uint8Array }) {
  const parsed = await parseImportFile(options.bytes);
  if (!parsed.ok) throw new DomainError(parsed.message, { field: "file" });
  if (!parsed.rows.length) throw new DomainError("Tệp không có dòng dữ liệu nào dưới dòng tiêu đề.", { field: "file" });
  const plan = await planImport(options.actor, parsed.rows);
  const c = counts(plan);
  return prisma.importJob.create({
    data: {
      createdById: options.actor.id,
      fileName: options.fileName.slice(0, 200),
      rows: JSON.stringify(parsed.rows),
      plan: JSON.stringify(plan),
      total: plan.length,
      created: c.created,
      updated: c.updated,
      unchanged: c.unchanged,
      errors: c.errors,
    },
    select: { id: true },
  });
}

/** The job if the actor may see it: its author, or any administrator. */
async function requireJob(actor: Actor, jobId: string) {
  const job = await prisma.importJob.findUnique({ where: { id: jobId } });
  if (!job || (job.createdById !== actor.id && !hasRole(actor, "ADMIN")))
    throw new DomainError("Không tìm thấy lần nhập này.", { status: 404 });
  return job;
}

/** What the progress page polls: counters only, never the rows. */
export async function getImportStatus(actor: Actor, jobId: string) {
  const job = await requireJob(actor, jobId);
  return {
    id: job.id,
    fileName: job.fileName,
    status: job.status,
    mode: job.mode,
    total: job.total,
    processed: job.processed,
    created: job.created,
    updated: job.updated,
    unchanged: job.unchanged,
    errors: job.errors,
    failure: job.failure,
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
    createdUserIds: parseJson(IdListSchema, job.createdUserIds, `ImportJob ${job.id} createdUserIds`),
  };
}

export async function getImportPlan(actor: Actor, jobId: string) {
  const job = await requireJob(actor, jobId);
  return parseJson(PlanSchema, job.plan, `ImportJob ${job.id} plan`);
}

/** The rows of the file that were (or would be) not imported, with their reasons, for download. */
export async function rejectedRows(actor: Actor, jobId: string) {
  const job = await requireJob(actor, jobId);
  const rows = parseJson(ImportRowsSchema, job.rows, `ImportJob ${job.id} rows`);
  const plan = parseJson(PlanSchema, job.plan, `ImportJob ${job.id} plan`);
  return rows.flatMap((row, i) => (plan[i]?.action === "error" ? [{ ...row, reason: plan[i]!.reason ?? "" }] : []));
}

export const IMPORT_BATCH_SIZE = 250;

/**
 * Commits a dry-run job. "strict" imports nothing if any row is in error; "skip" imports the valid
 * rows. Only one commit per job ever starts (a conditional status change). Returns the running
 * promise, which the route does not await: the page polls the job for progress.
 */
export async function startImportCommit(options: { actor: Actor; jobId: string; mode: "strict" | "skip" }) {
  const job = await requireJob(options.actor, options.jobId);
  const rows = parseJson(ImportRowsSchema, job.rows, `ImportJob ${job.id} rows`);
  // Re-planned now: the database may have changed since the dry run.
  const plan = await planImport(options.actor, rows);
  const c = counts(plan);
  if (options.mode === "strict" && c.errors > 0) {
    await prisma.importJob.update({ where: { id: job.id }, data: { plan: JSON.stringify(plan), ...c } });
    throw new DomainError(
      `Tệp còn ${c.errors} dòng lỗi: không nhập dòng nào. Sửa các dòng lỗi, hoặc chọn “bỏ qua các dòng lỗi”.`,
      { field: "mode" },
    );
  }
  const claimed = await prisma.importJob.updateMany({
    where: { id: job.id, status: "dry-run" },
    data: {
      status: "running",
      mode: options.mode,
      plan: JSON.stringify(plan),
      processed: 0,
      created: 0,
      updated: 0,
      unchanged: 0,
      errors: 0,
    },
  });
  if (claimed.count !== 1) throw new DomainError("Lần nhập này đã được thực hiện.", { status: 409 });
  return { done: runCommit({ actor: options.actor, jobId: job.id, plan }) };
}

async function runCommit(options: { actor: Actor; jobId: string; plan: PlannedRow[] }) {
  const { actor, jobId, plan } = options;
  const createdIds: string[] = [];
  const totals = { created: 0, updated: 0, unchanged: 0, errors: 0 };
  try {
    for (let start = 0; start < plan.length; start += IMPORT_BATCH_SIZE) {
      const batch = plan.slice(start, start + IMPORT_BATCH_SIZE);
      // One short transaction per batch: the rows, their audit entries and the progress together.
      await prisma.$transaction(async (tx) => {
        for (const row of batch) {
          if (row.action === "create" && row.data) {
            const user = await tx.user.create({
              data: {
                email: row.email,
                fullName: row.data.fullName,
                position: row.data.position,
                unitId: row.data.unitId,
                // No password: the person sets one through a mailed link (an empty hash never verifies).
                passwordHash: "",
                roles: { create: (row.data.roles ?? ["LEARNER"]).map((role) => ({ role })) },
              },
              select: { id: true },
            });
            createdIds.push(user.id);
            await recordAudit(tx, {
              actorId: actor.id,
              action: "user.create",
              targetType: "user",
              targetId: user.id,
              after: { email: row.email, ...row.data, roles: row.data.roles ?? ["LEARNER"], importJobId: jobId },
              ip: actor.ip,
            });
          } else if (row.action === "update" && row.data && row.userId) {
            const before = await tx.user.findUniqueOrThrow({
              where: { id: row.userId },
              select: { fullName: true, position: true, unitId: true, roles: { select: { role: true } } },
            });
            await tx.user.update({
              where: { id: row.userId },
              data: { fullName: row.data.fullName, position: row.data.position, unitId: row.data.unitId },
            });
            if (row.data.roles) {
              await tx.userRole.deleteMany({ where: { userId: row.userId } });
              await tx.userRole.createMany({ data: row.data.roles.map((role) => ({ userId: row.userId!, role })) });
            }
            await recordAudit(tx, {
              actorId: actor.id,
              action: "user.update",
              targetType: "user",
              targetId: row.userId,
              before: { ...before, roles: before.roles.map((r) => r.role).sort() },
              after: { ...row.data, importJobId: jobId },
              ip: actor.ip,
            });
          }
          const key = ({ create: "created", update: "updated", unchanged: "unchanged", error: "errors" } as const)[
            row.action
          ];
          totals[key]++;
        }
        await tx.importJob.update({
          where: { id: jobId },
          data: { processed: start + batch.length, ...totals, createdUserIds: JSON.stringify(createdIds) },
        });
      });
    }
    await prisma.$transaction(async (tx) => {
      await tx.importJob.update({ where: { id: jobId }, data: { status: "done", finishedAt: new Date() } });
      await recordAudit(tx, {
        actorId: actor.id,
        action: "import.commit",
        targetType: "import",
        targetId: jobId,
        after: { ...totals, total: plan.length },
        ip: actor.ip,
      });
    });
    // Each new person is mailed a link to set their password (7 days): their way in.
    for (const userId of createdIds) await sendSetPasswordLink({ userId, senderUnitName: actor.unitName });
  } catch (error) {
    console.error(`import ${jobId} failed`, error);
    await prisma.importJob.update({
      where: { id: jobId },
      data: {
        status: "failed",
        finishedAt: new Date(),
        failure:
          "Quá trình nhập dừng giữa chừng (có thể do dữ liệu thay đổi cùng lúc). Các dòng đã nhập được giữ lại; hãy nhập lại cùng tệp: các dòng đã có sẽ không thay đổi.",
      },
    });
  }
  return { createdUserIds: createdIds };
}

/** Roles as shown in a plan row. */
export function roleLabels(roles: Role[] | null | undefined) {
  return roles
    ? roles
        .filter(isRole)
        .map((r) => ROLE_LABELS[r])
        .join(", ")
    : "";
}

/** The actor's latest imports, for the start page. */
export function listImportJobs(actorId: string) {
  return prisma.importJob.findMany({
    where: { createdById: actorId },
    orderBy: { createdAt: "desc" },
    take: 10,
    select: { id: true, fileName: true, status: true, total: true, createdAt: true },
  });
}

/** The template: the header, and example rows naming units of the actor's scope by code and by path. */
export async function importTemplate(actor: Actor) {
  const units = await prisma.unit.findMany({
    where: { path: { startsWith: hasRole(actor, "ADMIN") ? "/" : actor.unitPath } },
    orderBy: { path: "asc" },
    take: 2,
    select: { id: true, name: true },
  });
  const [first, second] = [units[0], units[1] ?? units[0]];
  return {
    title: "Mau nhap danh sach can bo",
    header: IMPORT_HEADER,
    rows: [
      ["Nguyễn Văn An", "nguyenvanan@donvi.gov.vn", "Chủ tịch UBND xã", first?.id ?? "", "học viên"],
      ["Trần Thị Bình", "tranthibinh@donvi.gov.vn", "Công chức Văn hóa – Xã hội", second?.name ?? "", ""],
    ],
  };
}
