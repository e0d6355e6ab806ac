import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

import { notFound, requireUser } from "~/auth/guards.server";
import { Breadcrumb } from "~/components/breadcrumb";
import { getCourseState, nextStep, recordCompletionIfDone } from "~/progress/progress.server";
import { getAttemptResult } from "~/quizzes/attempts.server";
import type { AnswerValue } from "~/quizzes/grading";
import { quizPath } from "~/quizzes/paths";
import { formatDateTime } from "~/utils/dates";
import { DomainError } from "~/utils/errors";
import { formatNumber, formatPercent } from "~/utils/format";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Kết quả: ${data?.quiz.title ?? "bài kiểm tra"} – Học Dân vận` },
];
export const handle = { hydrate: false };

export async function loader(args: LoaderFunctionArgs) {
  const user = requireUser(args);
  const attemptId = args.params.attemptId ?? "";
  try {
    const result = await getAttemptResult({ attemptId, userId: user.id });
    if (!result) throw redirect(`/attempts/${attemptId}`);
    // Idempotent: also covers an attempt passed but graded later (time ran out while away).
    const recorded = result.attempt.passed
      ? await recordCompletionIfDone({ userId: user.id, courseId: result.quiz.courseId, attemptId })
      : null;
    // After a pass, the way on: the first thing left in the course, as the course page offers it.
    const state = result.attempt.passed
      ? await getCourseState({ userId: user.id, courseId: result.quiz.courseId })
      : null;
    return {
      next: state ? nextStep(state) : null,
      // Only the attempt that met the last condition says so; older results stay as they were.
      courseCompleted: recorded?.completion.attemptId === attemptId,
      ...result,
      submittedText: formatDateTime(result.attempt.submittedAt),
      quizHref: quizPath(result.quiz),
    };
  } catch (error) {
    if (error instanceof DomainError && error.status === 404) notFound(error.message);
    throw error;
  }
}

function describe(value: AnswerValue | null | undefined, options: { id: string; html: string }[]) {
  if (value === null || value === undefined) return "(bỏ trống)";
  if (typeof value === "boolean") return value ? "Đúng" : "Sai";
  const text = (id: string) => options.find((o) => o.id === id)?.html ?? id;
  return Array.isArray(value) ? value.map(text).join("; ") : text(value);
}

export default function AttemptResult() {
  const { attempt, quiz, showAnswers, review, submittedText, quizHref, courseCompleted, next } =
    useLoaderData<typeof loader>();
  const missedLessons = [
    ...new Map(review.filter((r) => r.points < 1 && r.lesson).map((r) => [r.lesson!.href, r.lesson!])).values(),
  ];
  return (
    <div className="container narrow">
      <Breadcrumb
        items={[
          { label: "Về khóa học", href: `/courses/${quiz.courseId}` },
          { label: quiz.title, href: quizHref },
        ]}
      />
      <h1>Kết quả bài làm</h1>
      {courseCompleted ? (
        <p className="alert alert-success" role="status">
          Bạn đã hoàn thành khóa học và được cấp chứng nhận. <a href="/me">Xem trong trang Học tập của tôi</a>.
        </p>
      ) : null}
      <section className={`card result ${attempt.passed ? "result-pass" : "result-fail"}`} aria-labelledby="ket-qua">
        <h2 id="ket-qua">{attempt.passed ? "Đạt yêu cầu" : "Chưa đạt yêu cầu"}</h2>
        <p className="result-score">
          <strong>{formatPercent(attempt.score)}</strong> ({formatNumber(attempt.points)}/{attempt.maxPoints} điểm) ·
          điểm đạt {formatPercent(quiz.passPercent)}
        </p>
        <p className="muted">
          Nộp lúc {submittedText}
          {attempt.timedOut ? " · hết giờ: bài được chấm theo các câu đã lưu trước hạn" : ""}
        </p>
        <p className="form-actions">
          {next ? (
            <a className="button" href={next.href}>
              Tiếp theo: {next.title}
            </a>
          ) : null}
          <a className="button button-secondary" href={quizHref}>
            Về trang bài kiểm tra
          </a>
        </p>
      </section>
      {missedLessons.length ? (
        <section>
          <h2>Nên đọc lại</h2>
          <ul>
            {missedLessons.map((l) => (
              <li key={l.href}>
                <a href={l.href}>{l.title}</a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {quiz.showAnswers === "never" ? (
        <p className="alert alert-info">Bài kiểm tra này không công bố đáp án.</p>
      ) : !showAnswers ? (
        <p className="alert alert-info">Đáp án và giải thích sẽ hiện sau khi bạn đạt yêu cầu bài này.</p>
      ) : (
        <section>
          <h2>Xem lại từng câu</h2>
          <ol className="review">
            {review.map((r) => (
              <li
                key={r.number}
                className={`review-item ${r.points === 1 ? "is-right" : r.points > 0 ? "is-partial" : "is-wrong"}`}
              >
                <p className="review-head">
                  <span className="question-number">Câu {r.number}.</span>{" "}
                  <span dangerouslySetInnerHTML={{ __html: r.promptHtml }} />
                </p>
                <p>
                  <span className="review-tag">
                    {r.points === 1
                      ? "Đúng"
                      : r.points > 0
                        ? `Đúng một phần (${Math.round(r.points * 100)}%)`
                        : "Chưa đúng"}
                  </span>
                </p>
                <p>
                  Bạn trả lời: <span dangerouslySetInnerHTML={{ __html: describe(r.response, r.options) }} />
                </p>
                {"correct" in r ? (
                  <p>
                    Đáp án đúng: <strong dangerouslySetInnerHTML={{ __html: describe(r.correct, r.options) }} />
                  </p>
                ) : null}
                {"explanationHtml" in r && r.explanationHtml ? (
                  <p className="review-explanation" dangerouslySetInnerHTML={{ __html: r.explanationHtml }} />
                ) : null}
                {r.lesson ? (
                  <p>
                    <a href={r.lesson.href}>Đọc lại bài: {r.lesson.title}</a>
                  </p>
                ) : null}
              </li>
            ))}
          </ol>
        </section>
      )}
    </div>
  );
}
