import { SignJWT } from "jose";

import { getSigningKey } from "~/certificates/keys.server";
import type { CertificatePayload } from "~/certificates/payload";
import { PUBLIC_ORIGIN } from "~/env.server";
import { formatPercent } from "~/utils/format";

/**
 * The certificate as an Open Badges 3.0 credential secured as a VC-JWT (EdDSA, the same Ed25519
 * key), for learners who keep credentials in a wallet. The issuer's key is published at
 * /.well-known/jwks.json. The subject is the certificate's holder (`holderEmail`), never whoever
 * downloads it (an administrator, for instance); the issuer is the configured public origin.
 */
export async function openBadgeJwt(options: { payload: CertificatePayload; holderEmail: string }) {
  const { payload } = options;
  const origin = PUBLIC_ORIGIN;
  const key = getSigningKey();
  const credential = {
    "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
    id: payload.verifyUrl,
    type: ["VerifiableCredential", "OpenBadgeCredential"],
    name: `Chứng nhận hoàn thành: ${payload.course.title}`,
    issuer: { id: origin, type: ["Profile"], name: payload.issuer, url: origin },
    validFrom: payload.issuedAt,
    credentialSubject: {
      type: ["AchievementSubject"],
      identifier: [
        { type: "IdentityObject", identityHash: options.holderEmail, identityType: "emailAddress", hashed: false },
      ],
      achievement: {
        id: `${origin}/courses/${payload.course.id}`,
        type: ["Achievement"],
        name: payload.course.title,
        description: `Hoàn thành khóa bồi dưỡng “${payload.course.title}” (${payload.course.hours} giờ) trên nền tảng Học Dân vận.`,
        criteria: {
          narrative:
            "Hoàn thành mọi bài học, đạt các bài kiểm tra chương và bài thi cuối khóa theo quy định của khóa học.",
        },
        creditsAvailable: payload.course.hours,
      },
      result:
        payload.finalScore !== null ? [{ type: ["Result"], value: formatPercent(payload.finalScore) }] : undefined,
    },
    credentialStatus: { id: payload.verifyUrl, type: "HocDanVanVerificationPage" },
  };
  return new SignJWT({ vc: credential })
    .setProtectedHeader({ alg: "EdDSA", typ: "JWT", kid: key.keyId })
    .setIssuer(origin)
    .setSubject(options.holderEmail)
    .setJti(payload.verifyUrl)
    .setIssuedAt(new Date(payload.issuedAt))
    .setNotBefore(new Date(payload.issuedAt))
    .sign(key.privateKey);
}

/** The public key as a JWKS, for offline verification of badges and certificate signatures. */
export function publicJwks() {
  const key = getSigningKey();
  const jwk = key.publicKey.export({ format: "jwk" });
  return { keys: [{ ...jwk, kid: key.keyId, alg: "EdDSA", use: "sig" }] };
}
