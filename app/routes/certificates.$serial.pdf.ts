import type { LoaderFunctionArgs } from "@remix-run/node";

import { notFound, requireUser } from "~/auth/guards.server";
import { certificatePdf, getOwnedCertificate } from "~/certificates/certificates.server";

export async function loader(args: LoaderFunctionArgs) {
  const user = requireUser(args);
  const cert = await getOwnedCertificate({ serial: args.params.serial ?? "", viewer: user });
  if (!cert) notFound("Không tìm thấy chứng nhận.");
  return new Response(new Uint8Array(await certificatePdf(cert)), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="chung-nhan-${cert.serial}.pdf"`,
      "Cache-Control": "private, no-store",
    },
  });
}
