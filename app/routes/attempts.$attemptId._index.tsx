import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useFetcher, useLoaderData } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";

import { notFound, requireUser } from "~/auth/guards.server";
import { Breadcrumb } from "~/components/breadcrumb";
import { Countdown } from "~/components/countdown";
import { recordCompletionIfDone } from "~/progress/progress.server";
import {
  getAttemptCourse,
  getAttemptForTaking,
  questionStates,
  requireOwnAttempt,
  saveAnswers,
  submitAttempt,
} from "~/quizzes/attempts.server";
import type { AnswerValue } from "~/quizzes/grading";
import { QUESTION_TYPE_HINTS } from "~/quizzes/labels";
import { formatDateTime } from "~/utils/dates";
import { DomainError } from "~/utils/errors";
import { rejectForm, runFormAction } from "~/utils/forms.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.quiz.title ?? "Làm bài"} – Học Dân vận` },
];

export async function loader(args: LoaderFunctionArgs) {
  const user = requireUser(args);
  try {
    const taking = await getAttemptForTaking({ attemptId: args.params.attemptId ?? "", userId: user.id });
    if (taking.attempt.status === "submitted") throw redirect(`/attempts/${taking.attempt.id}/result`);
    const url = new URL(args.request.url);
    return {
      ...taking,
      deadline: taking.attempt.deadlineAt
        ? { iso: taking.attempt.deadlineAt.toISOString(), text: formatDateTime(taking.attempt.deadlineAt) }
        : null,
      saved: url.searchParams.get("saved") === "1",
      states: questionStates(taking),
    };
  } catch (error) {
    if (error instanceof DomainError && error.status === 404) notFound(error.message);
    throw error;
  }
}

export async function action(args: ActionFunctionArgs) {
  const user = requireUser(args);
  const attemptId = args.params.attemptId ?? "";
  const formData = await args.request.formData();
  const intent = formData.get("intent");
  return runFormAction(formData, async () => {
    if (intent === "save" || intent === "review") {
      const result = await saveAnswers({ attemptId, userId: user.id, formData });
      // The other answers are saved; the question with a mistake says so, next to it.
      // A background save that stored the rest answers 200: the request did its work, and a 4xx would
      // have the browser log a failed request on every change until the learner fixes the question.
      if (Object.keys(result.questionErrors).length)
        return rejectForm(formData, result.questionErrors, formData.get("via") === "fetcher" ? 200 : 400);
      if (intent === "review") return redirect(`/attempts/${attemptId}/review`);
      // Without JavaScript the whole page posts: bring the learner back to it.
      if (formData.get("via") !== "fetcher") return redirect(`/attempts/${attemptId}?saved=1`);
      return { ok: true as const, saved: result.saved, at: formatDateTime(new Date()) };
    }
    if (intent === "submit") {
      // The page's own form (the deadline's automatic submission) is the full picture; the review
      // page's confirmation carries no answers: it grades what was saved.
      const result = await submitAttempt({
        attemptId,
        userId: user.id,
        formData: formData.get("complete") === "1" ? formData : undefined,
      });
      // The moment the last condition is met, the course is complete and the certificate issued.
      if (result.passed) {
        const courseId = (await getAttemptCourse(attemptId))!;
        await recordCompletionIfDone({ userId: user.id, courseId, attemptId });
      }
      return redirect(`/attempts/${attemptId}/result`);
    }
    // A submitted attempt is sent on to its result by submitAttempt; only saving it is refused (409).
    // Someone else's attempt is "not found" whatever the intent, never "invalid action".
    await requireOwnAttempt({ attemptId, userId: user.id });
    return rejectForm(formData, { _form: "Thao tác không hợp lệ." });
  });
}

function isChosen(response: AnswerValue | undefined, optionId: string) {
  return Array.isArray(response) ? response.includes(optionId) : response === optionId;
}

/** Which questions the form, as it is now, answers and flags: the navigator follows the learner. */
function readFormStates(form: HTMLFormElement, ids: string[]) {
  const data = new FormData(form);
  const answered = new Set<string>();
  for (const [key, value] of data.entries()) {
    if (!key.startsWith("q:") || !value) continue;
    answered.add(key.split(":")[1] ?? "");
  }
  const flagged = new Set(data.getAll("flag").map(String));
  return ids.map((id) => ({ id, answered: answered.has(id), flagged: flagged.has(id) }));
}

export default function TakeQuiz() {
  const { attempt, quiz, questions, responses, deadline, saved, states } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const autosave = useFetcher<typeof action>();
  const formRef = useRef<HTMLFormElement>(null);
  const submitRef = useRef<HTMLButtonElement>(null);
  // From the last save (the server's reading); with JavaScript, updated as the learner answers.
  const [live, setLive] = useState(states);

  // With JavaScript, every change is saved quietly in the background, one save at a time: a change
  // made while a save is in flight is sent when it returns (with the form as it is then), rather
  // than aborting it, so quick clicks cost one request each way and no save is cut off.
  const changedWhileSaving = useRef(false);
  const saveNow = () => {
    if (!formRef.current) return;
    const now = readFormStates(
      formRef.current,
      questions.map((q) => q.id),
    );
    setLive(states.map((s, i) => ({ ...s, ...now[i]! })));
    if (autosave.state !== "idle") {
      changedWhileSaving.current = true;
      return;
    }
    const formData = new FormData(formRef.current);
    formData.set("intent", "save");
    formData.set("via", "fetcher");
    autosave.submit(formData, { method: "post" });
  };
  useEffect(() => {
    if (autosave.state !== "idle" || !changedWhileSaving.current) return;
    changedWhileSaving.current = false;
    saveNow();
  });
  const failure = autosave.data?.ok === false ? autosave.data : actionData?.ok === false ? actionData : undefined;
  const errors: Record<string, string | undefined> = failure?.errors ?? {};
  const error = failure ? Object.values(failure.errors)[0] : null;
  // What the learner typed into a question that was refused (no JavaScript: the page is re-rendered).
  const typed = actionData?.ok === false ? actionData.values : {};
  const answeredCount = live.filter((s) => s.answered).length;

  return (
    <div className="container narrow quiz">
      <Breadcrumb items={[{ label: "Về khóa học", href: `/courses/${quiz.courseId}` }]} />
      <h1>{quiz.title}</h1>
      <div className="quiz-status">
        {deadline ? (
          <Countdown deadline={deadline.iso} deadlineText={deadline.text} onExpire={() => submitRef.current?.click()} />
        ) : (
          <span>Không giới hạn thời gian.</span>
        )}
        <span className="quiz-answered">
          {answeredCount}/{questions.length} câu đã trả lời
        </span>
        <span className={error ? "quiz-save-error" : "muted"} aria-live="polite">
          {autosave.state !== "idle"
            ? "Đang lưu…"
            : error
              ? `Chưa lưu được: ${error}`
              : autosave.data && "at" in autosave.data
                ? `Đã lưu lúc ${autosave.data.at}`
                : saved
                  ? "Đã lưu bài làm."
                  : null}
        </span>
      </div>
      <nav className="quiz-navigator" aria-label="Danh sách câu hỏi">
        <ol>
          {live.map((s) => (
            <li key={s.id}>
              <a
                href={`#cau-${s.number}`}
                className={`${s.answered ? "is-answered" : ""} ${s.flagged ? "is-flagged" : ""}`}
                aria-label={`Câu ${s.number}: ${s.answered ? "đã trả lời" : "chưa trả lời"}${s.flagged ? ", đánh dấu xem lại" : ""}${errors[`q:${s.id}`] ? ", chưa lưu được" : ""}`}
              >
                {s.number}
                {s.flagged ? <span aria-hidden="true">⚑</span> : null}
              </a>
            </li>
          ))}
        </ol>
      </nav>
      <p className="muted">
        Điểm đạt: {quiz.passPercent}%. Bạn có thể lưu và quay lại sau; bài chỉ được chấm khi bấm “Nộp bài” và xác nhận.
      </p>
      {/* Submitting loads the review page as a whole document: it ships no JavaScript. */}
      <Form method="post" ref={formRef} onChange={saveNow} className="quiz-form" reloadDocument>
        <input type="hidden" name="complete" value="1" />
        <ol className="questions">
          {questions.map((q) => {
            const response = responses[q.id];
            const questionError = errors[`q:${q.id}`];
            const errorId = `q-${q.id}-error`;
            return (
              <li key={q.id} className="question" id={`cau-${q.number}`}>
                <fieldset aria-describedby={questionError ? errorId : undefined}>
                  <legend>
                    <span className="question-number">Câu {q.number}.</span>{" "}
                    <span dangerouslySetInnerHTML={{ __html: q.promptHtml }} />
                    <span className="question-hint">{QUESTION_TYPE_HINTS[q.type]}</span>
                  </legend>
                  {questionError ? (
                    <p className="field-error question-error" id={errorId} role="alert">
                      Chưa lưu được câu này: {questionError}
                    </p>
                  ) : null}
                  {q.type === "true_false" ? (
                    <div className="choices choices-inline">
                      {[
                        ["true", "Đúng"],
                        ["false", "Sai"],
                      ].map(([value, label]) => (
                        <label key={value} className="choice">
                          <input
                            type="radio"
                            name={`q:${q.id}`}
                            value={value}
                            defaultChecked={response === (value === "true")}
                          />
                          {label}
                        </label>
                      ))}
                    </div>
                  ) : q.type === "ordering" ? (
                    <div className="choices">
                      {q.options.map((o) => {
                        const position = Array.isArray(response) ? response.indexOf(o.id) + 1 : 0;
                        const name = `q:${q.id}:${o.id}`;
                        const kept = questionError ? typed[name] : undefined;
                        return (
                          <div key={o.id} className="ordering-row">
                            {/* Named twice over (label and aria-labelledby): screen readers announce "Vị trí của: <option>". */}
                            <select
                              name={name}
                              id={`q-${q.id}-${o.id}`}
                              defaultValue={typeof kept === "string" ? kept : position ? String(position) : ""}
                              aria-labelledby={`q-${q.id}-${o.id}-text`}
                            >
                              <option value="">Vị trí…</option>
                              {q.options.map((_, i) => (
                                <option key={i} value={String(i + 1)}>
                                  {i + 1}
                                </option>
                              ))}
                            </select>
                            <label htmlFor={`q-${q.id}-${o.id}`} id={`q-${q.id}-${o.id}-text`}>
                              <span className="visually-hidden">Vị trí của: </span>
                              <span dangerouslySetInnerHTML={{ __html: o.html }} />
                            </label>
                          </div>
                        );
                      })}
                    </div>
                  ) : (
                    <div className="choices">
                      {q.options.map((o) => (
                        // eslint-disable-next-line jsx-a11y/label-has-associated-control -- its text is the option's server-rendered HTML
                        <label key={o.id} className="choice">
                          <input
                            type={q.type === "multiple" ? "checkbox" : "radio"}
                            name={`q:${q.id}`}
                            value={o.id}
                            defaultChecked={isChosen(response, o.id)}
                          />
                          <span dangerouslySetInnerHTML={{ __html: o.html }} />
                        </label>
                      ))}
                    </div>
                  )}
                  <label className="question-flag">
                    <input
                      type="checkbox"
                      name="flag"
                      value={q.id}
                      defaultChecked={states.find((s) => s.id === q.id)?.flagged}
                    />
                    Đánh dấu để xem lại
                  </label>
                </fieldset>
              </li>
            );
          })}
        </ol>
        <div className="form-actions quiz-actions">
          <button type="submit" name="intent" value="save" className="button button-secondary">
            Lưu bài làm
          </button>
          <button type="submit" name="intent" value="review" className="button">
            Nộp bài
          </button>
          {/* The deadline submits at once, as before: no review step when time is up. */}
          <button type="submit" name="intent" value="submit" hidden ref={submitRef} tabIndex={-1}>
            Nộp bài ngay
          </button>
        </div>
      </Form>
      <p className="muted">
        Bài làm số {attempt.id.slice(-6)} · bắt đầu lúc {formatDateTime(attempt.startedAt)}
      </p>
    </div>
  );
}
