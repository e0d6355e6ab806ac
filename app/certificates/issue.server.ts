import crypto from "node:crypto";

import { recordAudit } from "~/audit/audit.server";
import { getSigningKey } from "~/certificates/keys.server";
import type { CertificatePayload } from "~/certificates/payload";
import { canonicalJson, signPayload } from "~/certificates/signing.server";
import { type Db, prisma } from "~/db.server";
import { env, PUBLIC_ORIGIN } from "~/env.server";
import { notifyCertificate } from "~/notifications/notifications.server";
import { formatDate, yearInVietnam } from "~/utils/dates";
import { DomainError, isUniqueViolation } from "~/utils/errors";

// Crockford's base32: no I, L, O or U, so a serial read aloud or typed is hard to get wrong.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

export function generateSerial(year: number) {
  const bytes = crypto.randomBytes(6);
  return `DVK-${year}-${[...bytes].map((b) => ALPHABET[b % 32]).join("")}`;
}

export const SERIAL_PATTERN = /^DVK-\d{4}-[0-9A-HJKMNP-TV-Z]{6}$/;

/**
 * Signs and stores a certificate of a completion. `db` is the transaction it belongs to, if any.
 * Returns null when another request stored this completion's certificate of this sequence first.
 */
export async function createCertificate(options: { db?: Db; completionId: string; sequence: number; now?: Date }) {
  const db = options.db ?? prisma;
  const completion = await db.courseCompletion.findUniqueOrThrow({
    where: { id: options.completionId },
    include: { user: { include: { unit: true } } },
  });
  const course = await db.course.findUniqueOrThrow({ where: { id: completion.courseId } });
  const issuedAt = options.now ?? new Date();
  const key = getSigningKey();
  for (let tries = 0; ; tries++) {
    const serial = generateSerial(yearInVietnam(completion.completedAt));
    const payload: CertificatePayload = {
      v: 1,
      serial,
      learner: { name: completion.user.fullName, unit: completion.user.unit.name },
      course: { id: course.id, title: course.title, version: completion.courseVersion, hours: course.hours },
      finalScore: completion.finalScore,
      completedOn: formatDate(completion.completedAt),
      issuedAt: issuedAt.toISOString(),
      issuer: env.CERT_ISSUER_NAME,
      // The configured origin only: a request's Host header must never end up in a signed URL.
      verifyUrl: `${PUBLIC_ORIGIN}/verify/${serial}`,
    };
    const json = canonicalJson(payload);
    try {
      const certificate = await db.certificate.create({
        data: {
          serial,
          completionId: completion.id,
          sequence: options.sequence,
          userId: completion.userId,
          courseId: course.id,
          payload: json,
          signature: signPayload(json, key.privateKey),
          keyId: key.keyId,
          issuedAt,
        },
      });
      await notifyCertificate(db, { certificateId: certificate.id, serial, event: "issued", now: issuedAt });
      return certificate;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Another request issued this completion's certificate first: that one stands.
      if (!isUniqueViolation(error, "serial") || tries >= 5) return null;
    }
  }
}

/** Issues the automatic certificate of a completion, exactly once (unique completion + sequence 1). */
export async function issueFirstCertificate(options: { db?: Db; completionId: string; now?: Date }) {
  const db = options.db ?? prisma;
  const existing = await db.certificate.findUnique({
    where: { completionId_sequence: { completionId: options.completionId, sequence: 1 } },
  });
  if (existing) return existing;
  return (
    (await createCertificate({ ...options, sequence: 1 })) ??
    (await db.certificate.findUnique({
      where: { completionId_sequence: { completionId: options.completionId, sequence: 1 } },
    }))
  );
}

/**
 * Completions that have no certificate at all (the process stopped between the two writes, before
 * they shared a transaction): each gets its first certificate. Run at start-up and when a learner
 * opens their dashboard; a completion whose certificates were all revoked is left alone.
 */
export async function repairMissingCertificates(options: { userId?: string } = {}) {
  const orphans = await prisma.courseCompletion.findMany({
    where: { certificates: { none: {} }, ...(options.userId ? { userId: options.userId } : {}) },
    select: { id: true },
  });
  for (const { id } of orphans) await issueFirstCertificate({ completionId: id });
  return orphans.length;
}

export async function revokeCertificate(options: {
  db?: Db;
  serial: string;
  reason: string;
  actorId: string;
  ip?: string;
  now?: Date;
  /** False inside a re-issue, which records one "certificate.reissue" entry for both steps. */
  audit?: boolean;
}) {
  const run = async (db: Db) => {
    const result = await db.certificate.updateMany({
      where: { serial: options.serial, revokedAt: null },
      data: { revokedAt: options.now ?? new Date(), revokedReason: options.reason, revokedById: options.actorId },
    });
    if (result.count !== 1) return false;
    const revoked = await db.certificate.findUniqueOrThrow({ where: { serial: options.serial }, select: { id: true } });
    await notifyCertificate(db, {
      certificateId: revoked.id,
      serial: options.serial,
      event: "revoked",
      reason: options.reason,
      now: options.now,
    });
    if (options.audit !== false)
      await recordAudit(db, {
        actorId: options.actorId,
        action: "certificate.revoke",
        targetType: "certificate",
        targetId: options.serial,
        before: { revoked: false },
        after: { revoked: true, reason: options.reason },
        ip: options.ip,
      });
    return true;
  };
  // The revocation and its audit entry commit together: inside the caller's transaction, or a new one.
  return options.db ? run(options.db) : prisma.$transaction((tx) => run(tx));
}

/**
 * Re-issues: revokes the certificate and issues a new serial with fresh fields, in one transaction.
 * It issues only when this request's conditional revocation changed the row, or when the
 * certificate had been revoked alone and its completion has no valid certificate left: a double
 * click, a replay or ten concurrent requests give exactly one new certificate (the others get
 * null), and a crash in between leaves the old certificate valid rather than none.
 */
export async function reissueCertificate(options: { serial: string; reason: string; actorId: string; ip?: string }) {
  return prisma.$transaction(async (tx) => {
    const current = await tx.certificate.findUnique({ where: { serial: options.serial } });
    if (!current) return null;
    const revokedNow = await revokeCertificate({ ...options, db: tx, audit: false });
    if (!revokedNow && (await tx.certificate.count({ where: { completionId: current.completionId, revokedAt: null } })))
      return null;
    const last = await tx.certificate.findFirst({
      where: { completionId: current.completionId },
      orderBy: { sequence: "desc" },
    });
    const fresh = await createCertificate({
      db: tx,
      completionId: current.completionId,
      sequence: (last?.sequence ?? 1) + 1,
    });
    // Never a revocation without its replacement: throwing rolls the revocation back.
    if (!fresh) throw new DomainError("Không cấp lại được chứng nhận, vui lòng thử lại.", { status: 409 });
    await recordAudit(tx, {
      actorId: options.actorId,
      action: "certificate.reissue",
      targetType: "certificate",
      targetId: options.serial,
      before: { serial: options.serial, revokedBefore: !revokedNow },
      after: { serial: fresh.serial, reason: options.reason },
      ip: options.ip,
    });
    return fresh;
  });
}
