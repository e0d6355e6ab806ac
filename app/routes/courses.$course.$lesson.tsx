import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

import { getOptionalUser, notFound, requireUser } from "~/auth/guards.server";
import { Breadcrumb } from "~/components/breadcrumb";
import { CourseIndexNav, WideOpenNarrowClosed } from "~/components/course-index";
import { getCourseIndex, getLessonPage } from "~/courses/catalog.server";
import {
  deleteReflection,
  fillReflectionAnswers,
  getReflectionAnswers,
  hasReflectionStatusSlot,
  ReflectionDeleteSchema,
  reflectionOutcomeFrom,
  reflectionOutcomeHref,
  ReflectionSchema,
  saveReflection,
} from "~/courses/reflections.server";
import { completeLesson, courseIndexStates, lessonCompletedAt, markLessonStarted } from "~/progress/progress.server";
import { formatDateTime } from "~/utils/dates";
import { parseForm } from "~/utils/forms";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.lesson.title} – ${data.course.title}` : "Bài học – Học Dân vận" },
  { name: "description", content: data?.lesson.description ?? "" },
];

// Reading pages ship no JavaScript: the body is HTML rendered at build time, and the only
// interactions (self-checks, reflections) are CSS and plain forms.
export const handle = { hydrate: false };

export async function loader(args: LoaderFunctionArgs) {
  const viewer = getOptionalUser(args);
  const page = await getLessonPage({
    courseSlug: args.params.course ?? "",
    lessonSlug: args.params.lesson ?? "",
    viewer,
  });
  if (!page) notFound("Không tìm thấy bài học.");
  const [answers, courseIndex, indexStates] = await Promise.all([
    viewer
      ? getReflectionAnswers({ userId: viewer.id, lessonId: page.lesson.id })
      : Promise.resolve(new Map<string, string>()),
    getCourseIndex({ courseSlug: page.course.id, viewer }),
    viewer ? courseIndexStates({ userId: viewer.id, courseId: page.course.id }) : Promise.resolve(null),
  ]);
  let completedAt: string | null = null;
  if (viewer) {
    const completed = await lessonCompletedAt({ userId: viewer.id, lessonId: page.lesson.id });
    completedAt = completed ? formatDateTime(completed) : null;
  }
  const url = new URL(args.request.url);
  const reflection = viewer ? reflectionOutcomeFrom(url) : null;
  const html = fillReflectionAnswers(page.lesson.html, answers, {
    pathname: url.pathname,
    reflectionId: reflection?.reflectionId ?? null,
    outcome: reflection?.outcome ?? null,
  });
  return {
    ...page,
    courseIndex,
    indexStates,
    lesson: { ...page.lesson, html },
    signedIn: !!viewer,
    // A lesson compiled before reflections had their own message slot says it at the top instead.
    saved:
      reflection?.outcome === "saved" && !hasReflectionStatusSlot(page.lesson.html, reflection.reflectionId)
        ? reflection.reflectionId
        : null,
    completedAt,
    courseCompleted: url.searchParams.get("course") === "completed",
  };
}

export async function action(args: ActionFunctionArgs) {
  const user = requireUser(args);
  const page = await getLessonPage({
    courseSlug: args.params.course ?? "",
    lessonSlug: args.params.lesson ?? "",
    viewer: user,
  });
  if (!page) notFound("Không tìm thấy bài học.");
  const formData = await args.request.formData();
  const url = new URL(args.request.url);
  if (formData.get("intent") === "complete") {
    const result = await completeLesson({
      userId: user.id,
      lessonId: page.lesson.id,
      courseId: page.course.id,
    });
    return redirect(`${url.pathname}?${result?.newlyCompleted ? "course=completed" : "done=1"}#hoan-thanh`);
  }
  if (formData.get("intent") === "reflection-delete") {
    const parsed = parseForm(formData, ReflectionDeleteSchema);
    if (!parsed.ok) throw data(Object.values(parsed.errors)[0] ?? "Dữ liệu không hợp lệ.", { status: 400 });
    const result = await deleteReflection({ userId: user.id, lesson: page.lesson, ...parsed.data });
    if (!result.ok) throw data(result.message, { status: 400 });
    return redirect(
      reflectionOutcomeHref({ pathname: url.pathname, reflectionId: parsed.data.reflectionId, outcome: "deleted" }),
    );
  }
  if (formData.get("intent") !== "reflection") throw data("Thao tác không hợp lệ.", { status: 400 });
  const parsed = parseForm(formData, ReflectionSchema);
  if (!parsed.ok) throw data(Object.values(parsed.errors)[0] ?? "Dữ liệu không hợp lệ.", { status: 400 });
  const result = await saveReflection({ userId: user.id, lesson: page.lesson, ...parsed.data });
  if (!result.ok) throw data(result.message, { status: 400 });
  if (result.outcome === "saved")
    await markLessonStarted({ userId: user.id, lessonId: page.lesson.id, courseId: page.course.id });
  return redirect(
    reflectionOutcomeHref({ pathname: url.pathname, reflectionId: parsed.data.reflectionId, outcome: result.outcome }),
  );
}

export default function LessonPage() {
  const {
    course,
    module,
    lesson,
    previous,
    next,
    position,
    signedIn,
    saved,
    moduleQuiz,
    completedAt,
    courseCompleted,
    courseIndex,
    indexStates,
  } = useLoaderData<typeof loader>();
  const base = `/courses/${course.id}`;
  const toc = lesson.headings.filter((h) => h.id !== "chu-thich");
  return (
    <article className="container lesson">
      <Breadcrumb
        noPrint
        items={[
          { label: "Khóa học", href: "/courses" },
          { label: course.title, href: base },
          { label: `Chương ${module.position}. ${module.title}` },
        ]}
      />
      <header className="lesson-header">
        <p className="lesson-kicker">
          Bài {position.index}/{position.total} · Chương {module.position}, bài {lesson.numberInModule}
        </p>
        <h1>{lesson.title}</h1>
        {lesson.status === "draft" ? <p className="badge badge-off">Bản nháp – học viên chưa nhìn thấy</p> : null}
        <p className="lead">{lesson.description}</p>
        <p className="muted">
          Đọc khoảng {lesson.readingMinutes} phút · Thời lượng học {lesson.estimatedMinutes} phút
        </p>
      </header>
      <div className="lesson-layout">
        <aside className="lesson-aside no-print">
          {toc.length ? (
            <WideOpenNarrowClosed summary="Nội dung bài" className="toc">
              <nav aria-label="Mục lục bài học">
                <ol>
                  {toc.map((h) => (
                    <li key={h.id} className={h.depth === 3 ? "toc-sub" : undefined}>
                      <a href={`#${h.id}`}>{h.text}</a>
                    </li>
                  ))}
                </ol>
              </nav>
            </WideOpenNarrowClosed>
          ) : null}
          {courseIndex ? (
            <WideOpenNarrowClosed summary="Mục lục khóa học" className="toc course-index">
              <CourseIndexNav
                courseId={course.id}
                index={courseIndex}
                states={indexStates}
                currentLessonId={lesson.id}
              />
            </WideOpenNarrowClosed>
          ) : null}
        </aside>
        <div className="lesson-main">
          <section className="objectives card" aria-labelledby="muc-tieu">
            <h2 id="muc-tieu">Mục tiêu bài học</h2>
            <ul>
              {lesson.objectives.map((o) => (
                <li key={o}>{o}</li>
              ))}
            </ul>
          </section>
          {saved ? (
            <p className="alert alert-success" role="status">
              Đã lưu câu trả lời của bạn.
            </p>
          ) : null}
          {signedIn ? null : (
            <p className="alert alert-info no-print">
              <a href={`/login?redirectTo=${encodeURIComponent(`${base}/${lesson.slug}`)}`}>Đăng nhập</a> để lưu câu trả
              lời suy ngẫm và theo dõi tiến độ.
            </p>
          )}
          <div className="prose" dangerouslySetInnerHTML={{ __html: lesson.html }} />
          {signedIn ? (
            <section className="card lesson-complete no-print" id="hoan-thanh" aria-label="Hoàn thành bài học">
              {courseCompleted ? (
                <p className="alert alert-success" role="status">
                  Chúc mừng! Bạn đã hoàn thành khóa học. <a href="/me">Xem chứng nhận trong trang Học tập của tôi</a>.
                </p>
              ) : null}
              {completedAt ? (
                <p className="lesson-done" role="status">
                  ✓ Bạn đã học xong bài này lúc {completedAt}.
                </p>
              ) : (
                <form method="post">
                  <input type="hidden" name="intent" value="complete" />
                  <button type="submit" className="button">
                    Đánh dấu đã học xong
                  </button>
                </form>
              )}
            </section>
          ) : null}
          {moduleQuiz ? (
            <aside className="card module-done no-print" aria-label="Kiểm tra cuối chương">
              <p>
                <strong>Đây là bài cuối của chương {module.position}.</strong> Hãy làm bài kiểm tra để củng cố kiến
                thức.
              </p>
              <a className="button" href={moduleQuiz.href}>
                {moduleQuiz.title}
              </a>
            </aside>
          ) : null}
          <nav className="lesson-pager no-print" aria-label="Chuyển bài">
            {previous ? (
              <a className="pager-prev" href={`${base}/${previous.slug}`} rel="prev">
                <span className="pager-label">‹ Bài trước</span>
                <span>{previous.title}</span>
              </a>
            ) : (
              <span />
            )}
            {next ? (
              <a className="pager-next" href={`${base}/${next.slug}`} rel="next">
                <span className="pager-label">Bài tiếp theo ›</span>
                <span>{next.title}</span>
              </a>
            ) : (
              <a className="pager-next" href={base}>
                <span className="pager-label">Hết khóa học ›</span>
                <span>Về trang khóa học</span>
              </a>
            )}
          </nav>
        </div>
      </div>
    </article>
  );
}
