import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

import { requireUser } from "~/auth/guards.server";
import { Breadcrumb } from "~/components/breadcrumb";
import { getAttemptForTaking, questionStates } from "~/quizzes/attempts.server";
import { formatDateTime } from "~/utils/dates";
import { runDomainLoader } from "~/utils/forms.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Xem lại trước khi nộp: ${data?.quiz.title ?? "bài làm"} – Học Dân vận` },
];
// A page of links and one form: it works the same with or without JavaScript.
export const handle = { hydrate: false };

export async function loader(args: LoaderFunctionArgs) {
  const user = requireUser(args);
  const attemptId = args.params.attemptId ?? "";
  const taking = await runDomainLoader(() => getAttemptForTaking({ attemptId, userId: user.id }));
  if (taking.attempt.status === "submitted") throw redirect(`/attempts/${attemptId}/result`);
  return {
    attemptId,
    quiz: { title: taking.quiz.title, courseId: taking.quiz.courseId },
    deadlineText: taking.attempt.deadlineAt ? formatDateTime(taking.attempt.deadlineAt) : null,
    states: questionStates(taking),
  };
}

function QuestionLinks(props: { attemptId: string; numbers: number[] }) {
  return (
    <ul className="review-links">
      {props.numbers.map((n) => (
        <li key={n}>
          <a href={`/attempts/${props.attemptId}#cau-${n}`}>Câu {n}</a>
        </li>
      ))}
    </ul>
  );
}

export default function ReviewBeforeSubmit() {
  const { attemptId, quiz, deadlineText, states } = useLoaderData<typeof loader>();
  const answered = states.filter((s) => s.answered);
  const unanswered = states.filter((s) => !s.answered);
  const flagged = states.filter((s) => s.flagged);
  return (
    <div className="container narrow">
      <Breadcrumb
        items={[
          { label: "Về khóa học", href: `/courses/${quiz.courseId}` },
          { label: quiz.title, href: `/attempts/${attemptId}` },
        ]}
      />
      <h1>Xem lại trước khi nộp</h1>
      <p>
        Bạn đã trả lời <strong>{answered.length}</strong>/{states.length} câu. Sau khi nộp, bài được chấm ngay và không
        sửa được nữa.
        {deadlineText ? ` Hạn nộp: ${deadlineText}; hết giờ, bài được chấm theo các câu đã lưu.` : ""}
      </p>
      <section aria-labelledby="chua-tra-loi">
        <h2 id="chua-tra-loi">Chưa trả lời ({unanswered.length})</h2>
        {unanswered.length ? (
          <QuestionLinks attemptId={attemptId} numbers={unanswered.map((s) => s.number)} />
        ) : (
          <p className="muted">Không còn câu nào bỏ trống.</p>
        )}
      </section>
      <section aria-labelledby="danh-dau">
        <h2 id="danh-dau">Đánh dấu để xem lại ({flagged.length})</h2>
        {flagged.length ? (
          <QuestionLinks attemptId={attemptId} numbers={flagged.map((s) => s.number)} />
        ) : (
          <p className="muted">Không có câu nào được đánh dấu.</p>
        )}
      </section>
      <section aria-labelledby="da-tra-loi">
        <h2 id="da-tra-loi">Đã trả lời ({answered.length})</h2>
        {answered.length ? (
          <QuestionLinks attemptId={attemptId} numbers={answered.map((s) => s.number)} />
        ) : (
          <p className="muted">Chưa có câu nào được trả lời.</p>
        )}
      </section>
      <form method="post" action={`/attempts/${attemptId}`} className="form-actions">
        <a className="button button-secondary" href={`/attempts/${attemptId}`}>
          Quay lại làm bài
        </a>
        <button type="submit" name="intent" value="submit" className="button">
          Xác nhận nộp bài
        </button>
      </form>
    </div>
  );
}
