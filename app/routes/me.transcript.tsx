import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

import { requireUser } from "~/auth/guards.server";
import { getTranscript } from "~/progress/transcript.server";

export const meta: MetaFunction = () => [{ title: "Bảng kết quả học tập – Học Dân vận" }];
export const handle = { hydrate: false };

export async function loader(args: LoaderFunctionArgs) {
  const user = requireUser(args);
  return { rows: await getTranscript(user.id), name: user.fullName };
}

export default function Transcript() {
  const { rows, name } = useLoaderData<typeof loader>();
  return (
    <div className="container">
      <div className="page-head">
        <h1>Bảng kết quả học tập</h1>
        <p>
          <a className="button button-secondary button-small" href="/me/transcript.csv" download>
            Tải CSV (Excel)
          </a>{" "}
          <a className="button button-secondary button-small" href="/me/transcript.pdf" download>
            Tải PDF
          </a>
        </p>
      </div>
      <p className="muted">{name}</p>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Kết quả từng khóa học</caption>
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
            {rows.length === 0 ? (
              <tr>
                <td colSpan={6}>Chưa có khóa học nào.</td>
              </tr>
            ) : null}
            {rows.map((r) => (
              <tr key={r.course}>
                <td>{r.course}</td>
                <td>{r.hours}</td>
                <td>{r.status}</td>
                <td>{r.bestScore || "—"}</td>
                <td>{r.completedOn || "—"}</td>
                <td>{r.certificate ? <a href={`/certificates/${r.certificate}`}>{r.certificate}</a> : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
