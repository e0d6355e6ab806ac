/** The "check a PDF" form of the verification pages; works without JavaScript. */
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
