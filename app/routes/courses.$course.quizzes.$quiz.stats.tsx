import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

import { notFound, requireUserWithRole } from "~/auth/guards.server";
import { Breadcrumb } from "~/components/breadcrumb";
import { getQuiz } from "~/quizzes/attempts.server";
import { quizIdFor, quizPath } from "~/quizzes/paths";
import { getGuessingOutcome, getQuizStats } from "~/quizzes/stats.server";
import { formatPercent } from "~/utils/format";

export const meta: MetaFunction = () => [{ title: "Thống kê câu hỏi – Học Dân vận" }];
export const handle = { hydrate: false };

export async function loader(args: LoaderFunctionArgs) {
  requireUserWithRole(args, ["TRAINER", "ADMIN"]);
  const quiz = await getQuiz(quizIdFor(args.params.course ?? "", args.params.quiz ?? ""));
  if (!quiz) notFound("Không tìm thấy bài kiểm tra.");
  return {
    quiz: { title: quiz.title, courseId: quiz.courseId, href: quizPath(quiz) },
    stats: await getQuizStats(quiz.id),
    guessing: await getGuessingOutcome(quiz),
    passPercent: quiz.settings.passPercent,
  };
}

export default function QuizStats() {
  const { quiz, stats, guessing, passPercent } = useLoaderData<typeof loader>();
  return (
    <div className="container">
      <Breadcrumb
        items={[
          { label: "Về khóa học", href: `/courses/${quiz.courseId}` },
          { label: quiz.title, href: quiz.href },
        ]}
      />
      <h1>Thống kê câu hỏi</h1>
      <p className="lead">{quiz.title}</p>
      <div className="grid">
        <div className="card">
          <p className="stat">{stats.attempts}</p>
          <p>lượt nộp bài</p>
        </div>
        <div className="card">
          <p className="stat">{stats.passRate}%</p>
          <p>lượt đạt yêu cầu</p>
        </div>
        <div className="card">
          <p className="stat">{formatPercent(stats.averageScore)}</p>
          <p>điểm trung bình</p>
        </div>
      </div>
      {guessing ? (
        <section aria-labelledby="doan-mo" className="card">
          <h2 id="doan-mo">Nếu đoán mò, không cần kiến thức</h2>
          <p>
            Chiến lược: câu chọn đáp án luôn chọn phương án dài nhất; câu đúng/sai luôn chọn “Sai”; câu sắp xếp để
            nguyên thứ tự hiển thị.
          </p>
          <ul>
            <li>
              Phương án dài nhất là đáp án đúng ở {guessing.longestRight.right}/{guessing.longestRight.total} câu chọn
              đáp án của ngân hàng.
            </li>
            <li>
              “Sai” là đáp án đúng ở {guessing.falseRight.right}/{guessing.falseRight.total} câu đúng/sai.
            </li>
            <li>
              Với cách rút đề của bài này: điểm kỳ vọng <strong>{formatPercent(guessing.expectedScore)}</strong>, xác
              suất đạt (từ {passPercent}%) <strong>{formatPercent(guessing.passProbability)}</strong>.
            </li>
          </ul>
          <p className="muted">
            Tính bằng mô phỏng {guessing.runs.toLocaleString("vi-VN")} lượt rút đề với hạt giống cố định (sai số khoảng
            ±2 điểm phần trăm), chấm bằng đúng quy tắc chấm điểm của hệ thống.
          </p>
        </section>
      ) : null}
      <h2>Từng câu hỏi (câu có tỷ lệ đúng thấp nhất ở trên)</h2>
      {stats.questions.length === 0 ? <p>Chưa có lượt nộp bài nào.</p> : null}
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Thống kê từng câu hỏi</caption>
          <thead>
            <tr>
              <th scope="col">Câu hỏi</th>
              <th scope="col">Số lần xuất hiện</th>
              <th scope="col">Tỷ lệ trả lời đúng</th>
              <th scope="col">Phương án sai được chọn nhiều nhất</th>
            </tr>
          </thead>
          <tbody>
            {stats.questions.map((q) => (
              <tr key={q.id}>
                <td>
                  <code>{q.id}</code> <span dangerouslySetInnerHTML={{ __html: q.promptHtml }} />
                  {q.fromOtherBank ? <span className="muted"> (từ bài kiểm tra chương)</span> : null}
                  {q.removed ? <span className="badge badge-off">Đã bỏ khỏi ngân hàng</span> : null}
                </td>
                <td>{q.shown}</td>
                <td>
                  <span
                    className={`stats-bar${q.percentRight < 50 ? " low" : ""}`}
                    style={{ width: `${Math.max(2, q.percentRight)}px` }}
                    aria-hidden="true"
                  />
                  {q.percentRight}%
                </td>
                <td>
                  {q.topWrong ? (
                    <span dangerouslySetInnerHTML={{ __html: `${q.topWrong.label} (${q.topWrong.times} lần)` }} />
                  ) : (
                    "—"
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
