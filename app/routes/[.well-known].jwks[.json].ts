import { publicJwks } from "~/certificates/badge.server";

/** The certificate signing key as a JWKS: anyone can verify signatures and badges offline. */
export async function loader() {
  return Response.json(publicJwks(), { headers: { "Cache-Control": "public, max-age=3600" } });
}
