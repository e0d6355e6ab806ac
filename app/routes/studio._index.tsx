import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

import { requireUserWithRole } from "~/auth/guards.server";
import { ProgressBar } from "~/components/progress-bar";
import { listRecentBuilds, listTrainerCourses } from "~/content/builds.server";
import { formatDateTime } from "~/utils/dates";

export const meta: MetaFunction = () => [{ title: "Soạn bài giảng – Học Dân vận" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = requireUserWithRole(args, ["TRAINER", "ADMIN"]);
  const [builds, courses] = await Promise.all([listRecentBuilds(), listTrainerCourses()]);
  return {
    fullName: user.fullName,
    builds: builds.map((b) => ({ ...b, startedAt: formatDateTime(b.startedAt), finished: !!b.finishedAt })),
    courses,
  };
}

export default function Studio() {
  const { fullName, builds, courses } = useLoaderData<typeof loader>();
  const latest = builds[0];
  return (
    <div className="container">
      <h1>Soạn bài giảng</h1>
      <p>
        Xin chào {fullName}. Bài giảng và ngân hàng câu hỏi nằm trong thư mục <code>content/</code> (hướng dẫn:{" "}
        <code>content/README.md</code>); mỗi lần biên dịch nội dung, kết quả hiện ở đây. Bản nháp chỉ giảng viên và quản
        trị viên nhìn thấy.
      </p>
      <section className="card">
        <h2>Lần biên dịch nội dung gần nhất</h2>
        {latest ? (
          <>
            <ProgressBar
              value={latest.total ? (latest.done / latest.total) * 100 : 0}
              label="Tiến độ biên dịch nội dung"
              detail={
                latest.finished
                  ? `Xong: ${latest.done}/${latest.total} tài liệu`
                  : `Đang biên dịch ${latest.done}/${latest.total}`
              }
            />
            <p className="muted">
              Bắt đầu {latest.startedAt}: biên dịch lại {latest.compiled}, không đổi {latest.unchanged}, lỗi{" "}
              {latest.failed}.
            </p>
            {latest.problems.length ? (
              <div className="alert alert-error">
                <p>Các lỗi cần sửa (tệp:dòng: thông báo):</p>
                <ul>
                  {latest.problems.map((p) => (
                    <li key={p}>
                      <code>{p}</code>
                    </li>
                  ))}
                </ul>
              </div>
            ) : (
              <p className="alert alert-success">Không có lỗi nội dung.</p>
            )}
          </>
        ) : (
          <p className="muted">Chưa có lần biên dịch nào. Chạy “npm run content:build”.</p>
        )}
      </section>
      <h2>Khóa học</h2>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Khóa học, bản nháp và bài kiểm tra</caption>
          <thead>
            <tr>
              <th scope="col">Khóa học</th>
              <th scope="col">Bài học</th>
              <th scope="col">Bản nháp</th>
              <th scope="col">Bài kiểm tra (thống kê câu hỏi)</th>
            </tr>
          </thead>
          <tbody>
            {courses.map((c) => (
              <tr key={c.id}>
                <td>
                  <a href={`/courses/${c.id}`}>{c.title}</a>{" "}
                  {c.status === "draft" ? <span className="badge badge-off">Bản nháp</span> : null}
                </td>
                <td>{c.lessons.length}</td>
                <td>
                  {c.drafts.length
                    ? c.drafts.map((d) => (
                        <div key={d.slug}>
                          <a href={`/courses/${c.id}/${d.slug}`}>{d.title}</a>
                        </div>
                      ))
                    : "—"}
                </td>
                <td>
                  {c.quizzes.map((q) => (
                    <div key={q.statsHref}>
                      <a href={q.statsHref}>{q.title}</a> <span className="muted">({q.questions} câu)</span>
                    </div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
