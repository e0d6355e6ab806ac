import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFRawStream,
  PDFString,
} from "pdf-lib";

import type { CertificatePayload } from "~/certificates/issue.server";
import { getSigningKey } from "~/certificates/keys.server";
import { PAYLOAD_ATTACHMENT } from "~/certificates/pdf.server";
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
    payload: JSON.parse(cert.payload) as CertificatePayload,
    signatureValid:
      cert.keyId === key.keyId &&
      verifyPayload({ payload: cert.payload, signature: cert.signature, publicKey: key.publicKey }),
    keyId: cert.keyId,
    issuedAt: cert.issuedAt,
    revoked: cert.revokedAt ? { at: cert.revokedAt, reason: cert.revokedReason ?? "" } : null,
  };
}

/** The attachment named PAYLOAD_ATTACHMENT, read from the PDF's embedded-files name tree. */
function readAttachment(doc: PDFDocument): string | null {
  const names = doc.catalog.lookupMaybe(PDFName.of("Names"), PDFDict);
  const embedded = names?.lookupMaybe(PDFName.of("EmbeddedFiles"), PDFDict);
  const list = embedded?.lookupMaybe(PDFName.of("Names"), PDFArray);
  if (!list) return null;
  for (let i = 0; i + 1 < list.size(); i += 2) {
    const name = list.lookup(i);
    const text = name instanceof PDFString || name instanceof PDFHexString ? name.decodeText() : "";
    if (text !== PAYLOAD_ATTACHMENT) continue;
    const spec = list.lookup(i + 1, PDFDict);
    const stream = spec.lookupMaybe(PDFName.of("EF"), PDFDict)?.lookup(PDFName.of("F"));
    if (!(stream instanceof PDFRawStream)) return null;
    return Buffer.from(decodePDFRawStream(stream).decode()).toString("utf8");
  }
  return null;
}

export type UploadVerdict =
  | { status: "not-pdf" }
  | { status: "too-large" }
  | { status: "no-payload" }
  | { status: "bad-signature"; serial: string | null }
  | { status: "unknown-serial"; serial: string }
  | { status: "mismatch"; serial: string }
  | { status: "revoked"; serial: string; reason: string }
  | { status: "authentic"; serial: string };

/**
 * Checks an uploaded certificate PDF: its embedded payload must carry a valid signature by our
 * key and be exactly the payload on record. An edited PDF (or edited payload) fails one of these.
 */
export async function verifyUploadedPdf(bytes: Uint8Array): Promise<UploadVerdict> {
  if (bytes.byteLength > MAX_UPLOAD_BYTES) return { status: "too-large" };
  if (Buffer.from(bytes.subarray(0, 5)).toString("latin1") !== "%PDF-") return { status: "not-pdf" };
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { updateMetadata: false });
  } catch {
    return { status: "not-pdf" };
  }
  let embedded: { payload?: unknown; signature?: unknown } | null = null;
  try {
    const text = readAttachment(doc);
    embedded = text ? (JSON.parse(text) as { payload?: unknown; signature?: unknown }) : null;
  } catch {
    embedded = null;
  }
  if (!embedded || typeof embedded.payload !== "string" || typeof embedded.signature !== "string")
    return { status: "no-payload" };
  let serial: string | null = null;
  try {
    serial = (JSON.parse(embedded.payload) as { serial?: string }).serial ?? null;
  } catch {
    return { status: "no-payload" };
  }
  const key = getSigningKey();
  if (!verifyPayload({ payload: embedded.payload, signature: embedded.signature, publicKey: key.publicKey }))
    return { status: "bad-signature", serial };
  const cert = serial ? await prisma.certificate.findUnique({ where: { serial } }) : null;
  if (!cert || !serial) return { status: "unknown-serial", serial: serial ?? "" };
  if (cert.payload !== embedded.payload) return { status: "mismatch", serial };
  if (cert.revokedAt) return { status: "revoked", serial, reason: cert.revokedReason ?? "" };
  return { status: "authentic", serial };
}
