import { z } from "zod";

import { parseJson } from "~/utils/json";

/** The certified fields. Exactly these, as canonical JSON, are signed and embedded in the PDF. */
export const CertificatePayloadSchema = z.object({
  v: z.literal(1),
  serial: z.string(),
  learner: z.object({ name: z.string(), unit: z.string() }),
  course: z.object({ id: z.string(), title: z.string(), version: z.number(), hours: z.number() }),
  finalScore: z.number().nullable(),
  /** dd/mm/yyyy in Vietnam's time zone, as printed. */
  completedOn: z.string(),
  issuedAt: z.string(),
  issuer: z.string(),
  verifyUrl: z.string(),
});
export type CertificatePayload = z.infer<typeof CertificatePayloadSchema>;

/** Certificate.payload, and the payload inside an uploaded PDF once its signature is checked. */
export const readCertificatePayload = (json: string) =>
  parseJson(CertificatePayloadSchema, json, "Certificate.payload");

/** The file attached to every certificate PDF: the signed payload (as text) and its signature. */
export const SignedEnvelopeSchema = z.object({
  alg: z.literal("Ed25519"),
  keyId: z.string(),
  payload: z.string(),
  signature: z.string(),
});
export type SignedEnvelope = z.infer<typeof SignedEnvelopeSchema>;
