import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";

import { notFound } from "~/auth/guards.server";
import { SERIAL_PATTERN } from "~/certificates/issue.server";
import { verifyUpload } from "~/certificates/upload.server";
import { getVerification } from "~/certificates/verify.server";
import { CertificateFields } from "~/components/certificate-fields";
import { VerifyUploadForm, VerifyVerdict } from "~/components/verify-upload";
import { formatDate } from "~/utils/dates";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Xác minh chứng nhận ${data.serial} – Học Dân vận` : "Xác minh chứng nhận – Học Dân vận" },
];
export const handle = { hydrate: false };

/** Public: anyone with the serial (or the QR code) sees every certified field and its status. */
export async function loader({ params }: LoaderFunctionArgs) {
  const serial = (params.serial ?? "").toUpperCase();
  const verification = SERIAL_PATTERN.test(serial) ? await getVerification(serial) : null;
  if (!verification)
    notFound(`Không tìm thấy chứng nhận có số hiệu “${serial.slice(0, 40)}”. Hãy kiểm tra lại số hiệu.`);
  return {
    ...verification,
    issuedOn: formatDate(verification.issuedAt),
    revoked: verification.revoked
      ? { on: formatDate(verification.revoked.at), reason: verification.revoked.reason }
      : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  // Compared with this page's certificate: another certificate's file must not read as "this one".
  const verdict = await verifyUpload(request, { expectedSerial: (params.serial ?? "").toUpperCase() });
  const ok = verdict.status === "authentic";
  return data({ ok, verdict }, { status: ok ? 200 : 400 });
}

export default function VerifyPage() {
  const { serial, payload, signatureValid, issuedOn, revoked, keyId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="container narrow">
      <h1>Xác minh chứng nhận</h1>
      {revoked ? (
        <div className="alert alert-error" role="status">
          <strong>Đã thu hồi</strong> ngày {revoked.on}. Lý do: {revoked.reason}
        </div>
      ) : signatureValid ? (
        <div className="alert alert-success" role="status">
          <strong>Chứng nhận hợp lệ.</strong> Chữ ký số đúng với khóa công khai của nền tảng.
        </div>
      ) : (
        <div className="alert alert-error" role="status">
          <strong>Chữ ký số không hợp lệ.</strong> Vui lòng liên hệ đơn vị cấp.
        </div>
      )}
      <section className="card">
        <h2>Thông tin chứng nhận</h2>
        <CertificateFields payload={payload} issuedOn={issuedOn}>
          <dt>Chữ ký số</dt>
          <dd>
            Ed25519, khóa {keyId}: {signatureValid ? "hợp lệ" : "không hợp lệ"}
          </dd>
        </CertificateFields>
      </section>
      <h2>Kiểm tra tệp PDF</h2>
      {actionData ? <VerifyVerdict verdict={actionData.verdict} headingLevel={3} /> : null}
      <VerifyUploadForm action={`/verify/${serial}`} />
      <p className="muted">
        Khóa công khai để tự kiểm tra: <a href="/.well-known/hocdanvan-signing-key.pem">PEM</a> ·{" "}
        <a href="/.well-known/jwks.json">JWKS</a>
      </p>
    </div>
  );
}
