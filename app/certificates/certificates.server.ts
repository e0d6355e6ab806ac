import { readCertificatePayload } from "~/certificates/payload";
import { renderCertificatePdf } from "~/certificates/pdf.server";
import { prisma } from "~/db.server";

/**
 * A certificate its owner (or an administrator) may download; anyone else gets null (a 404).
 * `holder` is the learner it certifies, whoever is viewing it.
 */
export async function getOwnedCertificate(options: {
  serial: string;
  viewer: { id: string; roles: readonly string[] };
}) {
  const cert = await prisma.certificate.findUnique({
    where: { serial: options.serial },
    include: { user: { select: { id: true, email: true } } },
  });
  if (!cert) return null;
  if (cert.userId !== options.viewer.id && !options.viewer.roles.includes("ADMIN")) return null;
  const { user, ...row } = cert;
  return { ...row, holder: user, data: readCertificatePayload(cert.payload) };
}

export async function certificatePdf(cert: {
  payload: string;
  signature: string;
  keyId: string;
  revokedAt: Date | null;
}) {
  return renderCertificatePdf({
    payload: readCertificatePayload(cert.payload),
    payloadJson: cert.payload,
    signature: cert.signature,
    keyId: cert.keyId,
    revoked: !!cert.revokedAt,
  });
}

export async function listUserCertificates(userId: string) {
  const certs = await prisma.certificate.findMany({ where: { userId }, orderBy: { issuedAt: "desc" } });
  return certs.map((c) => ({
    serial: c.serial,
    data: readCertificatePayload(c.payload),
    issuedAt: c.issuedAt,
    revokedAt: c.revokedAt,
    revokedReason: c.revokedReason,
  }));
}

/** For administrators: certificates matching a serial, a name or a course title. */
export async function searchCertificates(query: string) {
  const q = query.trim();
  const certs = await prisma.certificate.findMany({
    where: q ? { OR: [{ serial: { contains: q.toUpperCase() } }, { payload: { contains: q } }] } : {},
    orderBy: { issuedAt: "desc" },
    take: 50,
  });
  return certs.map((c) => ({
    serial: c.serial,
    data: readCertificatePayload(c.payload),
    issuedAt: c.issuedAt,
    revokedAt: c.revokedAt,
    revokedReason: c.revokedReason,
  }));
}
