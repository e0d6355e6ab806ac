import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

import { getOptionalUser } from "~/auth/guards.server";
import { hasRole } from "~/auth/roles";
import { ProgressBar } from "~/components/progress-bar";
import { listCourses } from "~/courses/catalog.server";
import { getCourseStates } from "~/progress/progress.server";
import { formatMinutes } from "~/utils/format";

export const meta: MetaFunction = () => [{ title: "Khóa học – Học Dân vận" }];
export const handle = { hydrate: false };

export async function loader(args: LoaderFunctionArgs) {
  const user = getOptionalUser(args);
  const courses = await listCourses(user);
  const isLearner = !!user && hasRole(user, "LEARNER");
  const progress = new Map<string, { percent: number; started: boolean; completed: boolean }>();
  if (user && isLearner) {
    const states = await getCourseStates({ userId: user.id, courseIds: courses.map((c) => c.id) });
    // The same story as /me and the course page: a course has progress here only when it is on /me
    // (enrolled or completed), and "đang học" means Enrollment.startedAt, as in the reports.
    for (const [courseId, state] of states)
      if (state.enrollment || state.completion)
        progress.set(courseId, {
          percent: state.percent,
          started: !!state.enrollment?.startedAt,
          completed: !!state.completion,
        });
  }
  return { courses: courses.map((c) => ({ ...c, progress: progress.get(c.id) ?? null })), isLearner };
}

export default function Catalogue() {
  const { courses, isLearner } = useLoaderData<typeof loader>();
  return (
    <div className="container">
      <h1>Khóa học</h1>
      <p className="lead">
        Các khóa bồi dưỡng về công tác dân vận, học theo thứ tự từng chương, mỗi bài khoảng 15–20 phút.
      </p>
      <form method="get" action="/search" role="search" className="search-inline">
        <label htmlFor="catalog-q" className="visually-hidden">
          Tìm trong các khóa học
        </label>
        <input id="catalog-q" type="search" name="q" placeholder="Tìm bài học, ví dụ: dân vận khéo" />
        <button type="submit" className="button button-secondary">
          Tìm
        </button>
      </form>
      {courses.length === 0 ? <p>Chưa có khóa học nào được công bố.</p> : null}
      <ul className="course-grid">
        {courses.map((course) => (
          <li key={course.id} className="card course-card">
            <h2>
              <a href={`/courses/${course.id}`}>{course.title}</a>
            </h2>
            {course.status === "draft" ? <span className="badge badge-off">Bản nháp</span> : null}
            <p>{course.description}</p>
            <p className="course-facts">
              <span>{course.lessonCount} bài học</span>
              <span>{course.hours} giờ được công nhận</span>
              <span>khoảng {formatMinutes(course.estimatedMinutes)}</span>
            </p>
            {isLearner && course.progress ? (
              <ProgressBar
                value={course.progress.percent}
                label={`Tiến độ: ${course.title}`}
                visibleLabel="Tiến độ"
                detail={
                  course.progress.completed
                    ? "Đã hoàn thành"
                    : course.progress.started
                      ? `${course.progress.percent}%`
                      : "Chưa bắt đầu"
                }
              />
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
