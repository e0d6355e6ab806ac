import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

import { syncAssignments } from "~/assignments/assignments.server";
import { requireUser } from "~/auth/guards.server";
import { listUserCertificates } from "~/certificates/certificates.server";
import { ProgressBar } from "~/components/progress-bar";
import { listMyCourses, recentResults } from "~/progress/progress.server";
import { daysUntil, formatDate, formatDateTime } from "~/utils/dates";
import { formatPercent } from "~/utils/format";

export const meta: MetaFunction = () => [{ title: "Học tập của tôi – Học Dân vận" }];
export const handle = { hydrate: false };

export async function loader(args: LoaderFunctionArgs) {
  const user = requireUser(args);
  // Assignments reaching the learner now (also those of units they joined since) are enrolled here.
  const assigned = await syncAssignments(user.id);
  const now = new Date();
  const [courses, results, certificates] = await Promise.all([
    listMyCourses(user.id),
    recentResults(user.id),
    listUserCertificates(user.id),
  ]);
  return {
    user: { fullName: user.fullName, unitName: user.unitName, position: user.position },
    courses: courses
      .map((c) => {
        const assignment = assigned.find((a) => a.courseId === c.course.id);
        return { ...c, assignment };
      })
      // Assigned courses first, earliest due date first; then the others as before.
      .sort((a, b) =>
        a.assignment && b.assignment
          ? a.assignment.dueAt.getTime() - b.assignment.dueAt.getTime()
          : a.assignment
            ? -1
            : b.assignment
              ? 1
              : 0,
      )
      .map((c) => ({
        id: c.course.id,
        assignment: c.assignment
          ? {
              title: c.assignment.title,
              daysLeft: daysUntil(c.assignment.dueAt, now),
            }
          : null,
        title: c.course.title,
        percent: c.percent,
        started: !!c.enrollment?.startedAt,
        lessonsDone: c.lessons.filter((l) => l.completed).length,
        lessonsTotal: c.lessons.length,
        quizzesPassed: c.moduleQuizzes.filter((q) => q.passed).length + (c.exam?.passed ? 1 : 0),
        quizzesTotal: c.moduleQuizzes.length + (c.exam ? 1 : 0),
        next: c.next,
        // The due date of the open assignments reaching the learner now (evaluated, never stale).
        dueAt: c.assignment ? formatDate(c.assignment.dueAt) : null,
        overdue: !!c.assignment && !c.completion && c.assignment.dueAt < now,
        completedAt: c.completion ? formatDate(c.completion.completedAt) : null,
      })),
    results: results.map((r) => ({
      id: r.id,
      title: r.quiz.title,
      score: r.score,
      passed: r.passed,
      at: r.submittedAt ? formatDateTime(r.submittedAt) : "",
    })),
    certificates: certificates.map((c) => ({
      serial: c.serial,
      course: c.data.course.title,
      completedOn: c.data.completedOn,
      revoked: !!c.revokedAt,
    })),
  };
}

export default function MyLearning() {
  const { user, courses, results, certificates } = useLoaderData<typeof loader>();
  return (
    <div className="container">
      <div className="page-head">
        <h1>Học tập của tôi</h1>
        <a href="/me/transcript">Bảng kết quả học tập</a>
      </div>
      <p>
        Xin chào <strong>{user.fullName}</strong>
        {user.position ? `, ${user.position}` : ""} – {user.unitName}.
      </p>
      <h2>Khóa học của tôi</h2>
      {courses.length === 0 ? (
        <p className="card">
          Bạn chưa bắt đầu khóa học nào. <a href="/courses">Xem danh mục khóa học</a> và bấm “Bắt đầu học”.
        </p>
      ) : (
        <ul className="course-grid">
          {courses.map((c) => (
            <li key={c.id} className="card course-card">
              {c.assignment ? <p className="badge">Được giao: {c.assignment.title}</p> : null}
              <h3>
                <a href={`/courses/${c.id}`}>{c.title}</a>
              </h3>
              <ProgressBar value={c.percent} label="Tiến độ" />
              <p className="muted">
                {c.lessonsDone}/{c.lessonsTotal} bài học · {c.quizzesPassed}/{c.quizzesTotal} bài kiểm tra đạt
              </p>
              {c.dueAt ? (
                <p className={c.overdue ? "field-error" : "muted"}>
                  Hạn hoàn thành: {c.dueAt}
                  {c.overdue ? (
                    <strong> (đã quá hạn)</strong>
                  ) : c.assignment && !c.completedAt ? (
                    c.assignment.daysLeft === 0 ? (
                      " (hôm nay là hạn cuối)"
                    ) : (
                      ` (còn ${c.assignment.daysLeft} ngày)`
                    )
                  ) : null}
                </p>
              ) : null}
              {c.completedAt ? (
                <p className="badge badge-ok">Hoàn thành ngày {c.completedAt}</p>
              ) : c.next ? (
                <a className="button button-small" href={c.next.href}>
                  {c.started ? "Tiếp tục học" : "Bắt đầu học"}
                </a>
              ) : null}
              {c.next && !c.completedAt ? <p className="muted">Bước tiếp theo: {c.next.title}</p> : null}
            </li>
          ))}
        </ul>
      )}
      <h2>Chứng nhận</h2>
      {certificates.length === 0 ? (
        <p className="muted">Chưa có chứng nhận. Hoàn thành một khóa học để nhận chứng nhận có thể xác minh.</p>
      ) : (
        <ul>
          {certificates.map((c) => (
            <li key={c.serial}>
              <a href={`/certificates/${c.serial}`}>{c.course}</a> – số hiệu {c.serial}, hoàn thành {c.completedOn}
              {c.revoked ? <span className="badge badge-off">Đã thu hồi</span> : null}
            </li>
          ))}
        </ul>
      )}
      <h2>Kết quả gần đây</h2>
      {results.length === 0 ? (
        <p className="muted">Chưa có bài kiểm tra nào được nộp.</p>
      ) : (
        <ul>
          {results.map((r) => (
            <li key={r.id}>
              <a href={`/attempts/${r.id}/result`}>{r.title}</a>: {r.score !== null ? formatPercent(r.score) : "—"} –{" "}
              {r.passed ? "đạt" : "chưa đạt"} <span className="muted">({r.at})</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
