import crypto from "node:crypto";

import { getSigningKey } from "~/certificates/keys.server";
import { canonicalJson, signPayload } from "~/certificates/signing.server";
import { prisma } from "~/db.server";
import { env } from "~/env.server";
import { formatDate, yearInVietnam } from "~/utils/dates";
import { isUniqueViolation } from "~/utils/errors";

/** The certified fields. Exactly these, as canonical JSON, are signed and embedded in the PDF. */
export type CertificatePayload = {
  v: 1;
  serial: string;
  learner: { name: string; unit: string };
  course: { id: string; title: string; version: number; hours: number };
  finalScore: number | null;
  /** dd/mm/yyyy in Vietnam's time zone, as printed. */
  completedOn: string;
  issuedAt: string;
  issuer: string;
  verifyUrl: string;
};

// Crockford's base32: no I, L, O or U, so a serial read aloud or typed is hard to get wrong.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

export function generateSerial(year: number) {
  const bytes = crypto.randomBytes(6);
  return `DVK-${year}-${[...bytes].map((b) => ALPHABET[b % 32]).join("")}`;
}

export const SERIAL_PATTERN = /^DVK-\d{4}-[0-9A-HJKMNP-TV-Z]{6}$/;

async function createCertificate(options: { completionId: string; sequence: number; origin: string; now?: Date }) {
  const completion = await prisma.courseCompletion.findUniqueOrThrow({
    where: { id: options.completionId },
    include: { user: { include: { unit: true } } },
  });
  const course = await prisma.course.findUniqueOrThrow({ where: { id: completion.courseId } });
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
      verifyUrl: `${options.origin}/verify/${serial}`,
    };
    const json = canonicalJson(payload);
    try {
      return await prisma.certificate.create({
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
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Another request issued this completion's certificate first: that one stands.
      if (!isUniqueViolation(error, "serial") || tries >= 5) return null;
    }
  }
}

/** Issues the automatic certificate of a completion, exactly once (unique completion + sequence 1). */
export async function issueFirstCertificate(options: { completionId: string; origin: string; now?: Date }) {
  const existing = await prisma.certificate.findUnique({
    where: { completionId_sequence: { completionId: options.completionId, sequence: 1 } },
  });
  if (existing) return existing;
  return (
    (await createCertificate({ ...options, sequence: 1 })) ??
    (await prisma.certificate.findUnique({
      where: { completionId_sequence: { completionId: options.completionId, sequence: 1 } },
    }))
  );
}

export async function revokeCertificate(options: { serial: string; reason: string; actorId: string; now?: Date }) {
  const result = await prisma.certificate.updateMany({
    where: { serial: options.serial, revokedAt: null },
    data: { revokedAt: options.now ?? new Date(), revokedReason: options.reason, revokedById: options.actorId },
  });
  return result.count === 1;
}

/** Re-issues: revokes the current certificate (if still valid) and issues a new serial with fresh fields. */
export async function reissueCertificate(options: { serial: string; reason: string; actorId: string; origin: string }) {
  const current = await prisma.certificate.findUnique({ where: { serial: options.serial } });
  if (!current) return null;
  await revokeCertificate({ serial: current.serial, reason: options.reason, actorId: options.actorId });
  const last = await prisma.certificate.findFirst({
    where: { completionId: current.completionId },
    orderBy: { sequence: "desc" },
  });
  return createCertificate({
    completionId: current.completionId,
    sequence: (last?.sequence ?? 1) + 1,
    origin: options.origin,
  });
}
