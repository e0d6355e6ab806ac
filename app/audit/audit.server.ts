import { prisma } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";

/** The client or a transaction: an audit entry is written by the same transaction as the change. */
export type AuditDb = Prisma.TransactionClient | typeof prisma;

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
