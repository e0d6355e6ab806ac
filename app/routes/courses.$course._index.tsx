import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

import { syncAssignments } from "~/assignments/assignments.server";
import { getOptionalUser, notFound, requireUser } from "~/auth/guards.server";
import { Breadcrumb } from "~/components/breadcrumb";
import { ProgressBar } from "~/components/progress-bar";
import { findVisibleCourse, getCourseOutline } from "~/courses/catalog.server";
import { enroll, getCourseState, nextStep } from "~/progress/progress.server";
import { formatDate } from "~/utils/dates";
import { formatMinutes } from "~/utils/format";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.course.title} – Học Dân vận` : "Khóa học – Học Dân vận" },
  { name: "description", content: data?.course.description ?? "" },
];
export const handle = { hydrate: false };

export async function loader(args: LoaderFunctionArgs) {
  const user = getOptionalUser(args);
  const outline = await getCourseOutline({ courseSlug: args.params.course ?? "", viewer: user });
  if (!outline) notFound("Không tìm thấy khóa học.");
  // A learner reached by an assignment since their last visit is enrolled before their state is read.
  if (user) await syncAssignments(user.id);
  const state = user ? await getCourseState({ userId: user.id, courseId: outline.course.id }) : null;
  return {
    ...outline,
    signedIn: !!user,
    progress: state
      ? {
          enrolled: !!state.enrollment,
          started: !!state.enrollment?.startedAt || !!state.completion,
          percent: state.percent,
          lessons: Object.fromEntries(state.lessons.map((l) => [l.id, l.status])),
          quizzes: Object.fromEntries(
            [...state.moduleQuizzes, ...(state.exam ? [state.exam] : [])].map((q) => [q.title, q.passed]),
          ),
          next: nextStep(state),
          completedAt: state.completion ? formatDate(state.completion.completedAt) : null,
          certificate: state.completion?.certificates[0]?.serial ?? null,
          dueAt: state.enrollment?.dueAt ? formatDate(state.enrollment.dueAt) : null,
        }
      : null,
  };
}

/** "Bắt đầu học": enrol, then go to the first thing left to do. */
export async function action(args: ActionFunctionArgs) {
  const user = requireUser(args);
  const course = await findVisibleCourse({ courseSlug: args.params.course ?? "", viewer: user });
  if (!course) notFound("Không tìm thấy khóa học.");
  await enroll({ userId: user.id, courseId: course.id });
  const state = await getCourseState({ userId: user.id, courseId: course.id });
  return redirect(state && nextStep(state) ? nextStep(state)!.href : `/courses/${course.id}`);
}

const STATUS_LABELS = { done: "Đã học xong", started: "Đang học", "not-started": "Chưa học" } as const;

export default function CoursePage() {
  const { course, modules, exam, progress, signedIn } = useLoaderData<typeof loader>();
  const first = modules.flatMap((m) => m.lessons)[0];
  return (
    <div className="container">
      <Breadcrumb
        items={[
          { label: "Khóa học", href: "/courses" },
          { label: course.title, current: true },
        ]}
      />
      <h1>{course.title}</h1>
      {course.status === "draft" ? <p className="badge badge-off">Bản nháp – học viên chưa nhìn thấy</p> : null}
      <p className="lead">{course.description}</p>
      <p className="course-facts">
        <span>Đối tượng: {course.audience}</span>
        <span>{course.hours} giờ được công nhận</span>
        <span>Thời lượng khoảng {formatMinutes(course.estimatedMinutes)}</span>
      </p>
      {progress?.enrolled || progress?.completedAt ? (
        <section className="card course-progress" aria-label="Tiến độ của bạn">
          <ProgressBar value={progress.percent} label="Tiến độ của bạn" />
          {progress.dueAt ? <p className="muted">Hạn hoàn thành: {progress.dueAt}</p> : null}
          {progress.completedAt ? (
            <p className="alert alert-success" role="status">
              Bạn đã hoàn thành khóa học ngày {progress.completedAt}.{" "}
              {progress.certificate ? <a href={`/certificates/${progress.certificate}`}>Xem chứng nhận</a> : null}
            </p>
          ) : null}
          {progress.next ? (
            <a className="button" href={progress.next.href}>
              {progress.started ? "Tiếp tục học" : "Bắt đầu học"}: {progress.next.title}
            </a>
          ) : null}
        </section>
      ) : first ? (
        signedIn ? (
          <form method="post">
            <button type="submit" className="button">
              Bắt đầu học
            </button>
          </form>
        ) : (
          <p>
            <a className="button" href={`/courses/${course.id}/${first.slug}`}>
              Bắt đầu học
            </a>{" "}
            <a href={`/login?redirectTo=/courses/${course.id}`}>Đăng nhập để lưu tiến độ</a>
          </p>
        )
      ) : null}
      <section className="card objectives">
        <h2>Mục tiêu khóa học</h2>
        <ul>
          {course.objectives.map((o) => (
            <li key={o}>{o}</li>
          ))}
        </ul>
      </section>
      <div className="prose" dangerouslySetInnerHTML={{ __html: course.introHtml }} />
      <h2>Nội dung khóa học</h2>
      <ol className="module-list">
        {modules.map((m, i) => (
          <li key={m.id} className="module">
            <h3>
              Chương {i + 1}. {m.title}{" "}
              {m.status === "draft" ? <span className="badge badge-off">Bản nháp</span> : null}
            </h3>
            <p className="muted">{m.description}</p>
            <ol className="lesson-list">
              {m.lessons.map((l) => (
                <li
                  key={l.id}
                  className={progress ? `lesson-status-${progress.lessons[l.id] ?? "not-started"}` : undefined}
                >
                  {progress ? <span className="status-dot" aria-hidden="true" /> : null}
                  <a href={`/courses/${course.id}/${l.slug}`}>{l.title}</a>{" "}
                  <span className="muted">· {l.estimatedMinutes} phút</span>
                  {progress ? (
                    <span className="visually-hidden"> ({STATUS_LABELS[progress.lessons[l.id] ?? "not-started"]})</span>
                  ) : null}
                  {progress?.lessons[l.id] === "done" ? (
                    <span className="badge badge-ok">Đã học xong</span>
                  ) : progress?.lessons[l.id] === "started" ? (
                    <span className="badge">Đang học</span>
                  ) : null}
                  {l.status === "draft" ? <span className="badge badge-off">Bản nháp</span> : null}
                </li>
              ))}
              {m.quiz ? (
                <li className="quiz-item">
                  <a href={m.quiz.href}>{m.quiz.title}</a>
                  {progress?.quizzes[m.quiz.title] ? <span className="badge badge-ok">Đã đạt</span> : null}
                </li>
              ) : null}
            </ol>
          </li>
        ))}
      </ol>
      {exam ? (
        <section className="card exam-card">
          <h2>Bài thi cuối khóa</h2>
          <p>Hoàn thành các chương và bài kiểm tra chương trước khi làm bài thi cuối khóa.</p>
          <a className="button button-secondary" href={exam.href}>
            {exam.title}
          </a>
        </section>
      ) : null}
    </div>
  );
}
