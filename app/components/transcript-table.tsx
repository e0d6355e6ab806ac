import type { TranscriptRow } from "~/progress/transcript.server";

/**
 * The transcript table, the same for the learner (/me/transcript) and for whoever manages them
 * (/admin/users/:userId). Certificates link where the viewer may go: their own page for the learner,
 * the public verification page for a manager.
 */
export function TranscriptTable(props: {
  rows: TranscriptRow[];
  creditedHours: number;
  caption: string;
  certificateHref: (serial: string) => string;
}) {
  return (
    // A phone scrolls the table sideways: the region takes keyboard focus so it can be scrolled without a mouse.
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a scrollable region must be focusable (WCAG 2.1.1)
    <div className="table-wrap" role="region" aria-label={props.caption} tabIndex={0}>
      <table>
        <caption className="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Khóa học</th>
            <th scope="col">Số giờ</th>
            <th scope="col">Trạng thái</th>
            <th scope="col">Điểm thi cao nhất</th>
            <th scope="col">Ngày hoàn thành</th>
            <th scope="col">Chứng nhận</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.length === 0 ? (
            <tr>
              <td colSpan={6}>Chưa có khóa học nào.</td>
            </tr>
          ) : null}
          {props.rows.map((r) => (
            <tr key={r.course}>
              <td>{r.course}</td>
              <td>{r.hours}</td>
              <td>{r.status}</td>
              <td>{r.bestScore || "—"}</td>
              <td>{r.completedOn || "—"}</td>
              <td>{r.certificate ? <a href={props.certificateHref(r.certificate)}>{r.certificate}</a> : "—"}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            {/* One cell across the table: a wider first column would make the phone table scroll. */}
            <td colSpan={6}>
              <strong>Tổng số giờ được công nhận: {props.creditedHours}</strong> (các khóa đã hoàn thành)
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
