import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

import { notFound, requireUser } from "~/auth/guards.server";
import { getOwnedCertificate } from "~/certificates/certificates.server";
import { CertificateFields } from "~/components/certificate-fields";
import { formatDate } from "~/utils/dates";

export const meta: MetaFunction = () => [{ title: "Chứng nhận – Học Dân vận" }];
export const handle = { hydrate: false };

export async function loader(args: LoaderFunctionArgs) {
  const user = requireUser(args);
  // Only the owner (or an administrator) sees the download links; anyone else: not found.
  const cert = await getOwnedCertificate({ serial: args.params.serial ?? "", viewer: user });
  if (!cert) notFound("Không tìm thấy chứng nhận.");
  return {
    serial: cert.serial,
    data: cert.data,
    issuedOn: formatDate(cert.issuedAt),
    revoked: cert.revokedAt ? { on: formatDate(cert.revokedAt), reason: cert.revokedReason } : null,
  };
}

export default function CertificatePage() {
  const { serial, data, issuedOn, revoked } = useLoaderData<typeof loader>();
  return (
    <div className="container narrow">
      <h1>Chứng nhận {serial}</h1>
      {revoked ? (
        <p className="alert alert-error">
          Chứng nhận này đã bị thu hồi ngày {revoked.on}. Lý do: {revoked.reason}
        </p>
      ) : null}
      <section className="card">
        <CertificateFields payload={data} issuedOn={issuedOn} />
      </section>
      <p className="form-actions" style={{ marginTop: 16 }}>
        <a className="button" href={`/certificates/${serial}/pdf`} download>
          Tải chứng nhận (PDF)
        </a>
        <a className="button button-secondary" href={`/certificates/${serial}/badge`} download>
          Tải Open Badge (VC-JWT)
        </a>
        <a href={`/verify/${serial}`}>Trang xác minh công khai</a>
      </p>
    </div>
  );
}
