import { getSigningKey } from "~/certificates/keys.server";
import { type CertificatePayload, readCertificatePayload } from "~/certificates/payload";
import { findSignedEnvelope } from "~/certificates/pdf-attachment.server";
import { verifyPayload } from "~/certificates/signing.server";
import { prisma } from "~/db.server";

export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

/** A certificate as the public verification page shows it, with the signature checked now. */
export async function getVerification(serial: string) {
  const cert = await prisma.certificate.findUnique({ where: { serial } });
  if (!cert) return null;
  const key = getSigningKey();
  return {
    serial: cert.serial,
    payload: readCertificatePayload(cert.payload),
    signatureValid:
      cert.keyId === key.keyId &&
      verifyPayload({ payload: cert.payload, signature: cert.signature, publicKey: key.publicKey }),
    keyId: cert.keyId,
    issuedAt: cert.issuedAt,
    revoked: cert.revokedAt ? { at: cert.revokedAt, reason: cert.revokedReason ?? "" } : null,
  };
}

export type UploadVerdict =
  | { status: "not-pdf" }
  | { status: "too-large" }
  | { status: "no-payload" }
  | { status: "unreadable" }
  | { status: "bad-signature"; serial: string | null }
  | { status: "unknown-serial"; serial: string }
  | { status: "mismatch"; serial: string }
  | { status: "revoked"; serial: string; reason: string; payload: CertificatePayload }
  /** A genuine certificate, but not the one whose page the file was uploaded on. */
  | {
      status: "other-certificate";
      serial: string;
      expectedSerial: string;
      revoked: boolean;
      payload: CertificatePayload;
    }
  | { status: "authentic"; serial: string; payload: CertificatePayload };

/**
 * Checks an uploaded certificate PDF: its embedded payload must carry a valid signature by our
 * key and be exactly the payload on record. An edited PDF (or edited payload) fails one of these.
 * The verdict carries the signed fields: they, not the PDF's visible text, are what the file
 * certifies. On a certificate's own page (`expectedSerial`), a file carrying another certificate
 * says which one it carries.
 */
export async function verifyUploadedPdf(
  bytes: Uint8Array,
  options: { expectedSerial?: string } = {},
): Promise<UploadVerdict> {
  if (bytes.byteLength > MAX_UPLOAD_BYTES) return { status: "too-large" };
  if (Buffer.from(bytes.subarray(0, 5)).toString("latin1") !== "%PDF-") return { status: "not-pdf" };
  const found = findSignedEnvelope(bytes);
  if (found.status === "unreadable") return { status: "unreadable" };
  if (found.status === "none") return { status: "no-payload" };
  const { envelope } = found;
  const key = getSigningKey();
  const signatureValid = verifyPayload({
    payload: envelope.payload,
    signature: envelope.signature,
    publicKey: key.publicKey,
  });
  let payload: CertificatePayload;
  try {
    payload = readCertificatePayload(envelope.payload);
  } catch {
    // Signed by us yet not a payload we write: cannot happen unless the key leaked; refuse either way.
    return signatureValid ? { status: "no-payload" } : { status: "bad-signature", serial: null };
  }
  const { serial } = payload;
  if (!signatureValid) return { status: "bad-signature", serial };
  const cert = await prisma.certificate.findUnique({ where: { serial } });
  if (!cert) return { status: "unknown-serial", serial };
  if (cert.payload !== envelope.payload) return { status: "mismatch", serial };
  if (options.expectedSerial && options.expectedSerial !== serial)
    return {
      status: "other-certificate",
      serial,
      expectedSerial: options.expectedSerial,
      revoked: !!cert.revokedAt,
      payload,
    };
  if (cert.revokedAt) return { status: "revoked", serial, reason: cert.revokedReason ?? "", payload };
  return { status: "authentic", serial, payload };
}
