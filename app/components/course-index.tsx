import type { ReactNode } from "react";

import type { CourseIndex } from "~/courses/catalog.server";
import type { IndexState } from "~/progress/progress.server";

const LESSON_LABELS = { done: "Đã học xong", started: "Đang học", "not-started": "Chưa học" } as const;
const QUIZ_LABELS = { done: "Đã đạt", started: "Chưa đạt", "not-started": "Chưa làm" } as const;

/**
 * Shown open beside the content on a wide screen and behind its summary on a phone, without
 * JavaScript: `<details open>` cannot depend on the viewport, so each variant is rendered once and
 * CSS shows one (the hidden one is out of the accessibility tree too).
 */
export function WideOpenNarrowClosed(props: { summary: string; className: string; children: ReactNode }) {
  return (
    <>
      <div className={`${props.className} wide-only`}>
        <p className="aside-title">{props.summary}</p>
        {props.children}
      </div>
      <details className={`${props.className} narrow-only`}>
        <summary>{props.summary}</summary>
        {props.children}
      </details>
    </>
  );
}

function Item(props: { href: string; title: string; label: string; state: string; quiz?: boolean; current?: boolean }) {
  return (
    <li className={`index-${props.state}${props.quiz ? " index-quiz" : ""}`}>
      <span className="status-dot" aria-hidden="true" />
      <a href={props.href} aria-current={props.current ? "page" : undefined}>
        {props.title}
      </a>
      {props.label ? <span className="visually-hidden"> ({props.label})</span> : null}
    </li>
  );
}

/** The course outline with the signed-in learner's state of each lesson and quiz (none for visitors). */
export function CourseIndexNav(props: {
  courseId: string;
  index: CourseIndex;
  states: Record<string, IndexState> | null;
  currentLessonId: string;
}) {
  const { states } = props;
  const stateOf = (id: string) => states?.[id] ?? "not-started";
  return (
    <nav aria-label="Mục lục khóa học">
      <ol className="course-index-modules">
        {props.index.modules.map((m) => (
          <li key={m.id}>
            <p className="index-module">
              Chương {m.position}. {m.title}
            </p>
            <ol>
              {m.lessons.map((l) => (
                <Item
                  key={l.id}
                  href={`/courses/${props.courseId}/${l.slug}`}
                  title={l.title}
                  state={stateOf(l.id)}
                  label={states ? LESSON_LABELS[stateOf(l.id)] : ""}
                  current={l.id === props.currentLessonId}
                />
              ))}
              {m.quiz ? (
                <Item
                  href={m.quiz.href}
                  title={m.quiz.title}
                  state={stateOf(m.quiz.id)}
                  quiz
                  label={states ? QUIZ_LABELS[stateOf(m.quiz.id)] : ""}
                />
              ) : null}
            </ol>
          </li>
        ))}
        {props.index.exam ? (
          <li>
            <p className="index-module">Bài thi cuối khóa</p>
            <ol>
              <Item
                href={props.index.exam.href}
                title={props.index.exam.title}
                state={stateOf(props.index.exam.id)}
                quiz
                label={states ? QUIZ_LABELS[stateOf(props.index.exam.id)] : ""}
              />
            </ol>
          </li>
        ) : null}
      </ol>
    </nav>
  );
}
