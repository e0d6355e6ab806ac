import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";

import { SERIAL_PATTERN } from "~/certificates/issue.server";
import { verifyUpload } from "~/certificates/upload.server";
import { getVerification } from "~/certificates/verify.server";
import { CertificateFields } from "~/components/certificate-fields";
import { VerifySerialSearch, VerifyUploadForm, VerifyVerdict } from "~/components/verify-upload";
import { formatDate } from "~/utils/dates";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.found ? `Xác minh chứng nhận ${data.serial} – Học Dân vận` : "Xác minh chứng nhận – Học Dân vận" },
];
export const handle = { hydrate: false };

/** Public: anyone with the serial (or the QR code) sees every certified field and its status. */
export async function loader({ params }: LoaderFunctionArgs) {
  const serial = (params.serial ?? "").toUpperCase();
  const verification = SERIAL_PATTERN.test(serial) ? await getVerification(serial) : null;
  // A verifier who mistyped stays on the verification page, with the message and the search box.
  if (!verification) return data({ found: false as const, serial: serial.slice(0, 40) }, { status: 404 });
  return {
    found: true as const,
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
  const loaded = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  if (!loaded.found)
    return (
      <div className="container narrow">
        <h1>Xác minh chứng nhận</h1>
        <div className="alert alert-error" role="status">
          <strong>Không tìm thấy chứng nhận có số hiệu “{loaded.serial}”.</strong> Hãy kiểm tra lại số hiệu in trên
          chứng nhận (dạng DVK-năm-6 ký tự, ví dụ DVK-2026-7F3K9Q) hoặc tải tệp PDF lên để kiểm tra.
        </div>
        <VerifySerialSearch defaultValue={loaded.serial} />
        <VerifyUploadForm action="/verify" />
      </div>
    );
  const { serial, payload, signatureValid, issuedOn, revoked, keyId } = loaded;
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
