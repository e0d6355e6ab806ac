export type DiffRow =
  | { kind: "same" | "added" | "removed"; text: string; oldLine: number | null; newLine: number | null }
  | { kind: "fold"; count: number };

const SIGN = { same: " ", added: "+", removed: "−" } as const;

/** A readable line diff: both line numbers, added and removed lines marked in words and colour. */
export function VersionDiff(props: { rows: DiffRow[]; caption: string }) {
  if (!props.rows.some((r) => r.kind === "added" || r.kind === "removed"))
    return <p className="muted">Hai phiên bản giống hệt nhau.</p>;
  return (
    <div className="table-wrap">
      <table className="diff">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Cũ</th>
            <th scope="col">Mới</th>
            <th scope="col">Nội dung</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r, i) =>
            r.kind === "fold" ? (
              <tr key={i} className="diff-fold">
                <td colSpan={3}>… {r.count} dòng không đổi …</td>
              </tr>
            ) : (
              <tr key={i} className={`diff-${r.kind}`}>
                <td>{r.oldLine ?? ""}</td>
                <td>{r.newLine ?? ""}</td>
                <td>
                  <span className="visually-hidden">
                    {r.kind === "added" ? "Thêm: " : r.kind === "removed" ? "Bỏ: " : ""}
                  </span>
                  <span aria-hidden="true">{SIGN[r.kind]} </span>
                  <code>{r.text || " "}</code>
                </td>
              </tr>
            ),
          )}
        </tbody>
      </table>
    </div>
  );
}
