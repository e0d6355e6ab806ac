import type { LoaderFunctionArgs } from "@remix-run/node";

import { notFound, requireUser } from "~/auth/guards.server";
import { openBadgeJwt } from "~/certificates/badge.server";
import { getOwnedCertificate } from "~/certificates/certificates.server";

export async function loader(args: LoaderFunctionArgs) {
  const user = requireUser(args);
  const cert = await getOwnedCertificate({ serial: args.params.serial ?? "", viewer: user });
  if (!cert || cert.revokedAt) notFound("Không tìm thấy chứng nhận còn hiệu lực.");
  const jwt = await openBadgeJwt({ payload: cert.data, holderEmail: cert.holder.email });
  return new Response(jwt, {
    headers: {
      "Content-Type": "application/jwt; charset=utf-8",
      "Content-Disposition": `attachment; filename="open-badge-${cert.serial}.jwt"`,
      "Cache-Control": "private, no-store",
    },
  });
}
