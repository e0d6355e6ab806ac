import { z } from "zod";

import { type Db, prisma } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { vietnamDayEnd, vietnamDayStart } from "~/utils/dates";
import { parseJson } from "~/utils/json";

/** The client or a transaction: an audit entry is written by the same transaction as the change. */
export type AuditDb = Db;

export type AuditEntry = {
  /** Null for the system (scripts, jobs). */
  actorId: string | null;
  /** Dotted verb: "user.create", "user.roles", "unit.move", "certificate.revoke"… */
  action: string;
  targetType: string;
  targetId: string;
  /** Snapshot before (only the changed fields for an edit; see `changedFields`). */
  before?: unknown;
  after?: unknown;
  ip?: string;
};

/**
 * Appends one entry to the audit log (README "One audit table for every domain"). Pass the
 * transaction that makes the change, so the entry exists exactly when the change does. The table
 * is append-only: SQLite triggers (migration `audit_append_only`) refuse UPDATE and DELETE.
 */
export async function recordAudit(db: AuditDb, entry: AuditEntry) {
  await db.auditEvent.create({
    data: {
      actorId: entry.actorId,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
      ip: entry.ip ?? "",
    },
  });
}

/**
 * The fields that differ between two snapshots, as `{ before, after }` holding only those keys, so an
 * entry says "position: Chuyên viên → Phó trưởng ban" instead of repeating the whole record.
 * Null when nothing changed (the caller then writes no entry).
 */
export function changedFields<T extends Record<string, unknown>>(before: T, after: T) {
  const keys = Object.keys(after).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
  if (!keys.length) return null;
  return {
    before: Object.fromEntries(keys.map((k) => [k, before[k]])),
    after: Object.fromEntries(keys.map((k) => [k, after[k]])),
  };
}

/** Filters of /admin/audit; the page and its CSV read the same (`parseAuditFilters`). */
export type AuditFilters = { actor: string; action: string; target: string; from: string; to: string };

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function parseAuditFilters(url: URL): AuditFilters {
  const get = (key: string) => (url.searchParams.get(key) ?? "").trim().slice(0, 200);
  const day = (key: string) => (DAY.test(get(key)) ? get(key) : "");
  return { actor: get("actor"), action: get("action"), target: get("target"), from: day("from"), to: day("to") };
}

function auditWhere(filters: AuditFilters): Prisma.AuditEventWhereInput {
  const and: Prisma.AuditEventWhereInput[] = [];
  if (filters.actor)
    and.push({
      actor: { OR: [{ email: { contains: filters.actor.toLowerCase() } }, { fullName: { contains: filters.actor } }] },
    });
  // "user.create" exactly, or a whole family ("user", "certificate").
  if (filters.action) and.push({ OR: [{ action: filters.action }, { action: { startsWith: `${filters.action}.` } }] });
  if (filters.target) {
    // "user", "user:<id>" or just an id (the target column of the CSV).
    const [type, id] = filters.target.includes(":") ? filters.target.split(":", 2) : [null, filters.target];
    and.push(
      type
        ? { targetType: type, ...(id ? { targetId: id } : {}) }
        : { OR: [{ targetType: filters.target }, { targetId: filters.target }] },
    );
  }
  if (filters.from) and.push({ at: { gte: vietnamDayStart(filters.from) } });
  if (filters.to) and.push({ at: { lte: vietnamDayEnd(filters.to) } });
  return and.length ? { AND: and } : {};
}

/** A before/after snapshot as stored (an object of fields, or any JSON value for older entries). */
const SnapshotSchema = z.unknown();

function readSnapshot(text: string | null, origin: string) {
  return text === null ? null : parseJson(SnapshotSchema, text, origin);
}

/** "field: before → after" lines for the fields of two snapshots (objects), else their JSON. */
export function describeChange(before: unknown, after: unknown): string[] {
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v);
  const show = (v: unknown) => (v === undefined ? "—" : typeof v === "string" ? v : JSON.stringify(v));
  if ((before === null || isObject(before)) && (after === null || isObject(after))) {
    const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
    return keys.map((k) =>
      before === null ? `${k}: ${show(after?.[k])}` : `${k}: ${show(before[k])} → ${show(after?.[k])}`,
    );
  }
  return [`${show(before)} → ${show(after)}`];
}

const auditSelect = {
  id: true,
  action: true,
  targetType: true,
  targetId: true,
  before: true,
  after: true,
  ip: true,
  at: true,
  actor: { select: { id: true, fullName: true, email: true } },
} satisfies Prisma.AuditEventSelect;

function toEntry(row: Prisma.AuditEventGetPayload<{ select: typeof auditSelect }>) {
  const origin = `AuditEvent ${row.id}`;
  return { ...row, changes: describeChange(readSnapshot(row.before, origin), readSnapshot(row.after, origin)) };
}

export const AUDIT_PAGE_SIZE = 50;

/** One page of entries, newest first. */
export async function listAuditEvents(options: AuditFilters & { page?: number }) {
  const where = auditWhere(options);
  const total = await prisma.auditEvent.count({ where });
  const pageCount = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
  const page = Math.min(Math.max(1, options.page ?? 1), pageCount);
  const rows = await prisma.auditEvent.findMany({
    where,
    orderBy: { id: "desc" },
    skip: (page - 1) * AUDIT_PAGE_SIZE,
    take: AUDIT_PAGE_SIZE,
    select: auditSelect,
  });
  return { total, page, pageCount, entries: rows.map(toEntry) };
}

/** The distinct actions recorded, for the filter's list. */
export async function auditActions() {
  const rows = await prisma.auditEvent.findMany({ distinct: ["action"], select: { action: true } });
  return rows.map((r) => r.action).sort();
}

/** Every matching entry for the CSV, newest first, read 1,000 at a time by id (no offset scans). */
export async function* auditEventsForExport(filters: AuditFilters) {
  const where = auditWhere(filters);
  let before: number | undefined;
  for (;;) {
    const rows = await prisma.auditEvent.findMany({
      where: before === undefined ? where : { AND: [where, { id: { lt: before } }] },
      orderBy: { id: "desc" },
      take: 1000,
      select: auditSelect,
    });
    yield* rows.map(toEntry);
    if (rows.length < 1000) return;
    before = rows.at(-1)!.id;
  }
}
