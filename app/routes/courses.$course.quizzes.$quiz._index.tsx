import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";

import { notFound, requireUser } from "~/auth/guards.server";
import { hasRole } from "~/auth/roles";
import { Breadcrumb } from "~/components/breadcrumb";
import { findVisibleCourse } from "~/courses/catalog.server";
import { getExamGate, startQuizAttempt } from "~/progress/progress.server";
import { getQuizStanding } from "~/quizzes/attempts.server";
import { SHOW_ANSWERS_LABELS } from "~/quizzes/labels";
import { quizIdFor, quizPath } from "~/quizzes/paths";
import { formatDateTime } from "~/utils/dates";
import { formatPercent } from "~/utils/format";
import { runFormAction } from "~/utils/forms.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.quiz.title ?? "Bài kiểm tra"} – Học Dân vận` },
];
export const handle = { hydrate: false };

async function load(args: LoaderFunctionArgs) {
  const user = requireUser(args);
  const course = await findVisibleCourse({ courseSlug: args.params.course ?? "", viewer: user });
  if (!course) notFound("Không tìm thấy khóa học.");
  const standing = await getQuizStanding({ quizId: quizIdFor(course.id, args.params.quiz ?? ""), userId: user.id });
  if (!standing) notFound("Không tìm thấy bài kiểm tra.");
  return { user, course, standing };
}

export async function loader(args: LoaderFunctionArgs) {
  const { user, course, standing } = await load(args);
  const { quiz, settings } = { quiz: standing.quiz, settings: standing.quiz.settings };
  return {
    course,
    quiz: { id: quiz.id, title: quiz.title, kind: quiz.kind },
    rules: {
      questions: standing.questionCount,
      timeLimitMinutes: settings.timeLimitMinutes ?? null,
      passPercent: settings.passPercent,
      maxAttempts: settings.maxAttempts ?? null,
      minWaitMinutes: settings.minWaitMinutes,
      showAnswers: SHOW_ANSWERS_LABELS[settings.showAnswers],
    },
    attempts: standing.attempts.map((a, i) => ({
      id: a.id,
      number: standing.attempts.length - i,
      status: a.status,
      startedAt: formatDateTime(a.startedAt),
      score: a.score,
      passed: a.passed,
      timedOut: a.timedOut,
    })),
    inProgressId: standing.inProgress?.id ?? null,
    blocked: standing.blocked
      ? standing.blocked.reason === "wait"
        ? { reason: "wait" as const, until: formatDateTime(standing.blocked.until) }
        : { reason: "max-attempts" as const }
      : null,
    best: standing.best,
    passed: standing.passed,
    canSeeStats: hasRole(user, "TRAINER", "ADMIN"),
    // What is left before the final exam opens (empty for module quizzes and an open exam).
    missing: quiz.kind === "exam" ? await getExamGate({ userId: user.id, courseId: course.id }) : [],
  };
}

export async function action(args: ActionFunctionArgs) {
  const { user, standing } = await load(args);
  const formData = await args.request.formData();
  return runFormAction(formData, async () => {
    const { quiz } = standing;
    const { attemptId } = await startQuizAttempt({
      quizId: quiz.id,
      kind: quiz.kind,
      courseId: quiz.courseId,
      userId: user.id,
    });
    return redirect(`/attempts/${attemptId}`);
  });
}

export default function QuizPage() {
  const { course, quiz, rules, attempts, inProgressId, blocked, best, passed, canSeeStats, missing } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const failure = actionData?.ok === false ? actionData : undefined;
  return (
    <div className="container narrow">
      <Breadcrumb
        items={[
          { label: "Khóa học", href: "/courses" },
          { label: course.title, href: `/courses/${course.id}` },
        ]}
      />
      <h1>{quiz.title}</h1>
      {passed ? (
        <p className="alert alert-success" role="status">
          Bạn đã đạt yêu cầu bài này. Điểm cao nhất: {best !== null ? formatPercent(best) : "—"}.
        </p>
      ) : null}
      {failure ? (
        <p className="alert alert-error" role="alert">
          {failure.errors._form}
        </p>
      ) : null}
      <section className="card">
        <h2>Quy định</h2>
        <ul>
          <li>{rules.questions} câu hỏi, mỗi câu 1 điểm.</li>
          <li>
            {rules.timeLimitMinutes
              ? `Thời gian làm bài: ${rules.timeLimitMinutes} phút, tính từ lúc bắt đầu.`
              : "Không giới hạn thời gian."}
          </li>
          <li>Điểm đạt: từ {rules.passPercent}% trở lên.</li>
          <li>
            {rules.maxAttempts
              ? `Được làm tối đa ${rules.maxAttempts} lần (đã dùng ${attempts.length}).`
              : "Không giới hạn số lần làm."}
          </li>
          {rules.minWaitMinutes ? <li>Giữa hai lần làm cần cách nhau ít nhất {rules.minWaitMinutes} phút.</li> : null}
          <li>Đáp án và giải thích: {rules.showAnswers}.</li>
          <li>Câu trả lời được lưu trên máy chủ: tải lại trang hay đổi thiết bị vẫn tiếp tục đúng bài đang làm.</li>
        </ul>
        {inProgressId ? (
          <a className="button" href={`/attempts/${inProgressId}`}>
            Tiếp tục bài đang làm
          </a>
        ) : missing.length ? (
          <div className="alert alert-info" role="status">
            <p>Bài thi cuối khóa mở khi bạn đã hoàn thành:</p>
            <ul>
              {missing.map((m) => (
                <li key={m.href}>
                  <a href={m.href}>
                    {m.kind === "lesson" ? "Bài học" : "Bài kiểm tra"}: {m.title}
                  </a>
                </li>
              ))}
            </ul>
          </div>
        ) : blocked?.reason === "max-attempts" ? (
          <p className="alert alert-info">Bạn đã dùng hết số lần làm bài.</p>
        ) : blocked?.reason === "wait" ? (
          <p className="alert alert-info">Bạn có thể làm lại từ {blocked.until}.</p>
        ) : (
          <form method="post">
            <button type="submit" className="button">
              {attempts.length ? "Làm lại" : "Bắt đầu làm bài"}
            </button>
          </form>
        )}
      </section>
      {attempts.length ? (
        <section>
          <h2>Các lần làm bài</h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Lần</th>
                  <th scope="col">Bắt đầu</th>
                  <th scope="col">Điểm</th>
                  <th scope="col">Kết quả</th>
                </tr>
              </thead>
              <tbody>
                {attempts.map((a) => (
                  <tr key={a.id}>
                    <td>{a.number}</td>
                    <td>{a.startedAt}</td>
                    <td>{a.status === "submitted" ? formatPercent(a.score ?? 0) : "—"}</td>
                    <td>
                      {a.status === "submitted" ? (
                        <a href={`/attempts/${a.id}/result`}>
                          {a.passed ? "Đạt" : "Chưa đạt"}
                          {a.timedOut ? " (hết giờ)" : ""} – xem lại
                        </a>
                      ) : (
                        <a href={`/attempts/${a.id}`}>Đang làm</a>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
      {canSeeStats ? (
        <p>
          <a href={`${quizPath({ id: quiz.id, courseId: course.id })}/stats`}>Thống kê câu hỏi (giảng viên)</a>
        </p>
      ) : null}
    </div>
  );
}
