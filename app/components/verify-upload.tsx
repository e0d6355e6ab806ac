import type { VerifyUploadResult } from "~/certificates/upload.server";
import { CertificateFields } from "~/components/certificate-fields";
import { formatDate } from "~/utils/dates";

/** The "check a PDF" form of the verification pages; works without JavaScript. */
/** The serial look-up box (GET /verify?serial=…), on /verify and on a serial's page that found nothing. */
export function VerifySerialSearch(props: { defaultValue?: string }) {
  return (
    <form method="get" action="/verify" className="search-inline" role="search">
      <label htmlFor="serial" className="visually-hidden">
        Số hiệu chứng nhận
      </label>
      <input
        id="serial"
        name="serial"
        type="search"
        placeholder="DVK-2026-…"
        maxLength={40}
        defaultValue={props.defaultValue}
      />
      <button type="submit" className="button">
        Tra cứu
      </button>
    </form>
  );
}

export function VerifyUploadForm(props: { action: string }) {
  return (
    <form method="post" action={props.action} encType="multipart/form-data" className="form card">
      <div className="field">
        <label htmlFor="verify-file">Kiểm tra một tệp chứng nhận (PDF, tối đa 5 MB)</label>
        <input id="verify-file" type="file" name="file" accept="application/pdf,.pdf" required />
        <p className="hint">Tệp chỉ dùng để kiểm tra, không được lưu lại.</p>
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-secondary">
          Kiểm tra tệp
        </button>
      </div>
    </form>
  );
}

const MESSAGES: Record<
  Exclude<VerifyUploadResult["status"], "other-certificate">,
  { tone: "success" | "error"; text: string }
> = {
  authentic: {
    tone: "success",
    text: "Tệp PDF là chứng nhận thật: chữ ký số hợp lệ và dữ liệu đã ký trong tệp khớp với hồ sơ.",
  },
  revoked: { tone: "error", text: "Chữ ký hợp lệ, nhưng chứng nhận này đã bị thu hồi." },
  mismatch: {
    tone: "error",
    text: "Dữ liệu trong tệp không khớp với hồ sơ chứng nhận: tệp đã bị chỉnh sửa hoặc không phải bản đã cấp.",
  },
  "bad-signature": {
    tone: "error",
    text: "Chữ ký số không hợp lệ: dữ liệu trong tệp đã bị chỉnh sửa hoặc không do nền tảng này cấp.",
  },
  "unknown-serial": { tone: "error", text: "Không tìm thấy chứng nhận có số hiệu ghi trong tệp." },
  "no-payload": {
    tone: "error",
    text: "Tệp PDF không chứa dữ liệu chứng nhận đã ký: đây không phải chứng nhận do nền tảng cấp.",
  },
  unreadable: {
    tone: "error",
    text: "Tệp PDF có cấu trúc bất thường (dữ liệu nén quá lớn, mã hóa lạ hoặc nhiều bộ dữ liệu ký): đây không phải chứng nhận hợp lệ do nền tảng cấp.",
  },
  "not-pdf": { tone: "error", text: "Tệp tải lên không phải là tệp PDF." },
  "too-large": { tone: "error", text: "Tệp quá lớn: chỉ nhận tệp PDF tối đa 5 MB." },
  "no-file": { tone: "error", text: "Vui lòng chọn một tệp PDF để kiểm tra." },
};

/**
 * The verdict on an uploaded PDF. When the file carries a genuine signed payload, its fields are
 * shown: they are what the file certifies, whatever text the PDF displays.
 */
export function VerifyVerdict(props: { verdict: VerifyUploadResult; headingLevel: 2 | 3 }) {
  const { verdict } = props;
  const Heading = props.headingLevel === 2 ? "h2" : "h3";
  const signed = "payload" in verdict ? verdict.payload : null;
  return (
    <>
      {verdict.status === "other-certificate" ? (
        <div className="alert alert-error" role="alert">
          <p>
            Tệp PDF này là một chứng nhận khác: số hiệu <strong>{verdict.serial}</strong>, không phải{" "}
            {verdict.expectedSerial} đang xem trên trang này.
            {verdict.revoked ? ` Chứng nhận ${verdict.serial} đã bị thu hồi.` : ""}
          </p>
          <p>
            <a href={`/verify/${verdict.serial}`}>Xem hồ sơ chứng nhận {verdict.serial}</a>
          </p>
        </div>
      ) : (
        <div className={`alert alert-${MESSAGES[verdict.status].tone}`} role="alert">
          <p>{MESSAGES[verdict.status].text}</p>
          {"serial" in verdict && verdict.serial && verdict.status !== "authentic" && verdict.status !== "revoked" ? (
            <p>
              <a href={`/verify/${verdict.serial}`}>Xem hồ sơ {verdict.serial}</a>
            </p>
          ) : null}
        </div>
      )}
      {signed ? (
        <section className="card" aria-labelledby="du-lieu-da-ky">
          <Heading id="du-lieu-da-ky">Dữ liệu đã ký trong tệp</Heading>
          <p>
            Chỉ dữ liệu đã ký dưới đây có giá trị. Chữ hiển thị trong tệp PDF không được ký: nếu khác với dữ liệu này,
            tệp đã bị chỉnh sửa.
          </p>
          <CertificateFields payload={signed} issuedOn={formatDate(signed.issuedAt)} />
        </section>
      ) : null}
    </>
  );
}
