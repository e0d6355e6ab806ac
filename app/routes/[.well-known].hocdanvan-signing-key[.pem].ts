import { getSigningKey } from "~/certificates/keys.server";

/** The certificate signing key (Ed25519, SPKI PEM) at a stable URL, for offline verification. */
export async function loader() {
  return new Response(getSigningKey().publicPem, {
    headers: { "Content-Type": "application/x-pem-file; charset=utf-8", "Cache-Control": "public, max-age=3600" },
  });
}
