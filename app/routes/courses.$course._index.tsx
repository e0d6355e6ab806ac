import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getOptionalUser, notFound } from "~/auth/guards.server";
import { getCourseOutline } from "~/courses/catalog.server";
import { formatMinutes } from "~/utils/format";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.course.title} – Học Dân vận` : "Khóa học – Học Dân vận" },
  { name: "description", content: data?.course.description ?? "" },
];
export const handle = { hydrate: false };

export async function loader(args: LoaderFunctionArgs) {
  const outline = await getCourseOutline({ courseSlug: args.params.course ?? "", viewer: getOptionalUser(args) });
  if (!outline) notFound("Không tìm thấy khóa học.");
  return outline;
}

export default function CoursePage() {
  const { course, modules, exam } = useLoaderData<typeof loader>();
  const first = modules.flatMap((m) => m.lessons)[0];
  return (
    <div className="container">
      <nav aria-label="Vị trí" className="breadcrumb">
        <ol>
          <li>
            <a href="/courses">Khóa học</a>
          </li>
          <li aria-current="page">{course.title}</li>
        </ol>
      </nav>
      <h1>{course.title}</h1>
      {course.status === "draft" ? <p className="badge badge-off">Bản nháp – học viên chưa nhìn thấy</p> : null}
      <p className="lead">{course.description}</p>
      <p className="course-facts">
        <span>Đối tượng: {course.audience}</span>
        <span>{course.hours} giờ được công nhận</span>
        <span>Thời lượng khoảng {formatMinutes(course.estimatedMinutes)}</span>
      </p>
      {first ? (
        <p>
          <a className="button" href={`/courses/${course.id}/${first.slug}`}>
            Bắt đầu học
          </a>
        </p>
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
              Chương {i + 1}. {m.title} {m.status === "draft" ? <span className="badge badge-off">Bản nháp</span> : null}
            </h3>
            <p className="muted">{m.description}</p>
            <ol className="lesson-list">
              {m.lessons.map((l) => (
                <li key={l.id}>
                  <a href={`/courses/${course.id}/${l.slug}`}>{l.title}</a> <span className="muted">· {l.estimatedMinutes} phút</span>
                  {l.status === "draft" ? <span className="badge badge-off">Bản nháp</span> : null}
                </li>
              ))}
              {m.quiz ? (
                <li className="quiz-item">
                  <a href={m.quiz.href}>{m.quiz.title}</a>
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
