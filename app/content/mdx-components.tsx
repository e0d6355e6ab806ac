import { Children, cloneElement, isValidElement, type ReactElement, type ReactNode } from "react";

import { hashSeed, seededRandom, shuffle } from "~/quizzes/draw";
import { slugify } from "~/utils/vietnamese";

/**
 * The components lesson MDX may use, rendered once at build time to static HTML. Everything
 * interactive works without JavaScript: <Check> with radio buttons and CSS, <Reflection> with
 * a plain form whose saved answer the lesson route fills in per learner.
 */

/** Placeholder in a reflection's textarea, replaced per request with the learner's saved answer. */
export const reflectionAnswerMarker = (id: string) => `__REFLECTION_ANSWER_${id}__`;
/** Placeholder after a reflection's form, replaced per request with what happened to it (and "Xóa bài viết"). */
export const reflectionStatusMarker = (id: string) => `__REFLECTION_STATUS_${id}__`;

function Quote(props: { work: string; year: string; source: string; author?: string; children?: ReactNode }) {
  return (
    <figure className="quote">
      <blockquote className="quote-text">{props.children}</blockquote>
      <figcaption>
        — {props.author ?? "Hồ Chí Minh"}, <cite>“{props.work}”</cite> ({props.year}). {props.source}
      </figcaption>
    </figure>
  );
}

const CALLOUT_LABELS = { note: "Lưu ý", warning: "Cần tránh", tip: "Gợi ý" } as const;
function Callout(props: { kind: keyof typeof CALLOUT_LABELS; children?: ReactNode }) {
  return (
    <div className={`callout callout-${props.kind}`} role="note">
      <p className="callout-label">{CALLOUT_LABELS[props.kind]}</p>
      {props.children}
    </div>
  );
}

function CaseStudy(props: { title: string; children?: ReactNode }) {
  const id = `tinh-huong-${slugify(props.title).slice(0, 60)}`;
  return (
    <section className="case-study" aria-labelledby={id}>
      <p className="case-label">Tình huống giả định</p>
      <p className="case-title" id={id}>
        {props.title}
      </p>
      {props.children}
    </section>
  );
}

/** Marks a shared reflection's form in the built HTML: the server reads it to know what is shared. */
export const sharedReflectionMarker = (id: string) => `data-shared-reflection="${id}"`;

function Reflection(props: { id: string; shared?: boolean; children?: ReactNode }) {
  const fieldId = `suy-ngam-${props.id}`;
  return (
    <section className="reflection" aria-labelledby={`${fieldId}-q`}>
      <p className="reflection-label">
        Suy ngẫm{" "}
        <span className={props.shared ? "badge reflection-shared" : "badge badge-off"}>
          {props.shared ? "Chia sẻ với giảng viên" : "Riêng tư"}
        </span>
      </p>
      <div className="reflection-question" id={`${fieldId}-q`}>
        {props.children}
      </div>
      <form
        method="post"
        className="reflection-form"
        id={`${fieldId}-form`}
        {...(props.shared ? { "data-shared-reflection": props.id } : {})}
      >
        <input type="hidden" name="intent" value="reflection" />
        <input type="hidden" name="reflectionId" value={props.id} />
        <label htmlFor={fieldId}>
          {props.shared
            ? "Câu trả lời của bạn (giảng viên của khóa học đọc được câu trả lời này)"
            : "Câu trả lời của bạn (chỉ riêng bạn xem được)"}
        </label>
        <textarea
          id={fieldId}
          name="answer"
          rows={4}
          maxLength={5000}
          defaultValue={reflectionAnswerMarker(props.id)}
        />
        <button type="submit" className="button button-secondary button-small">
          Lưu câu trả lời
        </button>
      </form>
      {reflectionStatusMarker(props.id)}
    </section>
  );
}

function KeyPoints(props: { children?: ReactNode }) {
  return (
    <section className="key-points" aria-labelledby="ghi-nho">
      <h2 id="ghi-nho">Ghi nhớ</h2>
      {props.children}
    </section>
  );
}

function DocumentRef(props: { number?: string; date: string; issuer: string; title: string }) {
  return (
    <div className="docref" role="note">
      <p className="docref-label">Văn bản</p>
      <p className="docref-title">
        {props.number ? <strong>{props.number}</strong> : null}
        {props.number ? " – " : null}
        {props.title}
      </p>
      <p className="docref-meta">
        {props.issuer}, ngày {props.date}
      </p>
    </div>
  );
}

function Term(props: { id: string; children?: ReactNode }) {
  return (
    <a className="term" href={`/glossary#${props.id}`}>
      {props.children}
    </a>
  );
}

type ChoiceProps = { correct?: boolean; children?: ReactNode; name?: string; index?: number };
function Choice(props: ChoiceProps) {
  const id = `${props.name}-${props.index}`;
  return (
    <div className="check-choice">
      <input
        type="radio"
        id={id}
        name={props.name}
        value={String(props.index)}
        className={props.correct ? "is-correct" : "is-wrong"}
      />
      <label htmlFor={id}>{props.children}</label>
    </div>
  );
}

/** The <Choice> elements of a <Check>, also when MDX wrapped consecutive lines in a paragraph. */
function collectChoices(children: ReactNode): ReactElement<ChoiceProps>[] {
  return Children.toArray(children).flatMap((child) => {
    if (!isValidElement<{ children?: ReactNode }>(child)) return [];
    if (child.type === Choice) return [child as ReactElement<ChoiceProps>];
    return collectChoices(child.props.children);
  });
}

type CheckProps = { question: string; explanation: string; children?: ReactNode };

/**
 * Choices are shuffled at build time, like quiz options, so the author's habit (the right answer
 * first, or the longest) tells nothing; seeded by the lesson's file and the question, so a lesson
 * shows the same order on every build and to every learner.
 */
function makeCheck(shuffleSeed: string) {
  return function ShuffledCheck(props: CheckProps) {
    return <Check {...props} seed={shuffleSeed} />;
  };
}

function Check(props: CheckProps & { seed?: string }) {
  const name = `tu-kiem-tra-${slugify(props.question).slice(0, 48)}`;
  const authored = collectChoices(props.children);
  const choices =
    props.seed === undefined ? authored : shuffle(authored, seededRandom(hashSeed(`${props.seed}:${props.question}`)));
  const correct = choices.find((c) => c.props.correct);
  return (
    <fieldset className="check">
      <legend>
        <span className="check-label">Tự kiểm tra</span> {props.question}
      </legend>
      {choices.map((choice, index) => cloneElement(choice, { name, index, key: index }))}
      <p className="check-feedback check-right">Chính xác. {props.explanation}</p>
      <p className="check-feedback check-wrong">Chưa đúng. Hãy đọc lại phần trên và chọn phương án khác.</p>
      <details className="check-answer">
        <summary>Xem đáp án</summary>
        <p>
          Đáp án: <strong>{correct?.props.children}</strong>. {props.explanation}
        </p>
      </details>
    </fieldset>
  );
}

type PlayerProps = { src: string; captions: string; title: string };

/**
 * Studio video and audio (uploads only, see the allow-list): nothing loads until the learner
 * presses play, the captions are on by default, and the same WebVTT file is linked as a transcript
 * for those who read rather than listen.
 */
function Video(props: PlayerProps) {
  return (
    <figure className="media-player">
      <video controls preload="none" src={props.src} title={props.title} aria-label={props.title}>
        <track kind="captions" srcLang="vi" label="Tiếng Việt" src={props.captions} default />
      </video>
      <figcaption>
        {props.title} · <a href={props.captions}>Xem lời thoại (phụ đề)</a>
      </figcaption>
    </figure>
  );
}

function Audio(props: PlayerProps) {
  return (
    <figure className="media-player">
      <audio controls preload="none" src={props.src} title={props.title} aria-label={props.title}>
        <track kind="captions" srcLang="vi" label="Tiếng Việt" src={props.captions} default />
      </audio>
      <figcaption>
        {props.title} · <a href={props.captions}>Xem lời thoại</a>
      </figcaption>
    </figure>
  );
}

/** Content images live beside the lessons; the server exposes them under /content-assets/. */
function makeImage(assetBase: string) {
  return function Image(props: { src?: string; alt?: string; title?: string }) {
    const src =
      props.src && !/^(https?:)?\//.test(props.src) ? `${assetBase}/${props.src.replace(/^\.\//, "")}` : props.src;
    return <img src={src} alt={props.alt ?? ""} title={props.title} loading="lazy" decoding="async" />;
  };
}

export function mdxComponents(options: { assetBase: string; shuffleSeed: string }) {
  return {
    Quote,
    Callout,
    CaseStudy,
    Reflection,
    KeyPoints,
    DocumentRef,
    Term,
    Check: makeCheck(options.shuffleSeed),
    Choice,
    Video,
    Audio,
    img: makeImage(options.assetBase),
  };
}
