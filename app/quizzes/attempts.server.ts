import crypto from "node:crypto";

import { prisma, sqliteDate } from "~/db.server";
import { env } from "~/env.server";
import { drawQuestions, drawRandom, type Random } from "~/quizzes/draw";
import { refreshEnrollmentFactsSql } from "~/quizzes/enrollment-facts.server";
import { type AnswerValue, gradeTotals, type QuestionType, scoreResponse } from "~/quizzes/grading";
import type { QuizSettings } from "~/quizzes/settings";
import {
  type Layout,
  readAnswer,
  readFlagged,
  readGradedAnswers,
  readLayout,
  readOptions,
  readQuestionType,
  readSettings,
  readTags,
} from "~/quizzes/stored.server";
import { DomainError } from "~/utils/errors";

/**
 * Attempts: start (draw and store the layout), save answers as the learner goes, submit once,
 * grade on the server. Every function takes `now` so the clock can be controlled in tests.
 */

/** Answers arriving this long after the deadline still count (slow phones, slow networks). */
export const GRACE_MS = 30_000;

export async function getQuiz(quizId: string) {
  const quiz = await prisma.quiz.findFirst({
    where: { id: quizId, removedAt: null, OR: [{ moduleId: null }, { module: { retiredAt: null } }] },
  });
  return quiz ? { ...quiz, settings: readSettings(quiz.settings) } : null;
}

/** A learner's standing on a quiz: history, the attempt in progress, and whether a new one may start. */
export async function getQuizStanding(options: { quizId: string; userId: string; now?: Date }) {
  const now = options.now ?? new Date();
  const quiz = await getQuiz(options.quizId);
  if (!quiz) return null;
  await finalizeExpiredAttempts({ userId: options.userId, quizId: quiz.id, now });
  const attempts = await prisma.quizAttempt.findMany({
    where: { userId: options.userId, quizId: quiz.id },
    orderBy: { startedAt: "desc" },
    select: {
      id: true,
      status: true,
      startedAt: true,
      submittedAt: true,
      score: true,
      passed: true,
      timedOut: true,
      deadlineAt: true,
    },
  });
  const inProgress = attempts.find((a) => a.status === "in_progress") ?? null;
  const submitted = attempts.filter((a) => a.status === "submitted");
  const best = submitted.reduce<number | null>(
    (b, a) => (a.score !== null && (b === null || a.score > b) ? a.score : b),
    null,
  );
  let blocked: { reason: "max-attempts" } | { reason: "wait"; until: Date } | null = null;
  if (!inProgress) {
    if (quiz.settings.maxAttempts && attempts.length >= quiz.settings.maxAttempts) blocked = { reason: "max-attempts" };
    else if (quiz.settings.minWaitMinutes && submitted[0]?.submittedAt) {
      const until = new Date(submitted[0].submittedAt.getTime() + quiz.settings.minWaitMinutes * 60_000);
      if (until > now) blocked = { reason: "wait", until };
    }
  }
  const questionCount = drawCount(quiz.settings);
  return { quiz, attempts, inProgress, blocked, best, passed: submitted.some((a) => a.passed), questionCount };
}

function drawCount(settings: QuizSettings) {
  return (typeof settings.draw === "number" ? settings.draw : settings.draw.count) + (settings.fromModules ?? 0);
}

/**
 * The questions a quiz draws from, with their answer keys (server-side only): its own bank, and
 * for an exam with `fromModules` the course's module banks.
 */
export async function loadPool(quiz: { id: string; courseId: string; settings: QuizSettings }) {
  const poolSelect = {
    id: true,
    type: true,
    difficulty: true,
    tags: true,
    options: true,
    answer: true,
    scoring: true,
  } as const;
  const toPool = (q: {
    id: string;
    type: string;
    difficulty: string;
    tags: string;
    options: string;
    answer: string;
    scoring: string;
  }) => ({
    ...q,
    tags: readTags(q.tags),
    options: readOptions(q.options),
  });
  const own = (
    await prisma.question.findMany({
      where: { quizId: quiz.id, removedAt: null },
      orderBy: { position: "asc" },
      select: poolSelect,
    })
  ).map(toPool);
  const modules = quiz.settings.fromModules
    ? (
        await prisma.question.findMany({
          where: { courseId: quiz.courseId, removedAt: null, quiz: { kind: "module", removedAt: null } },
          orderBy: [{ quizId: "asc" }, { position: "asc" }],
          select: poolSelect,
        })
      ).map(toPool)
    : [];
  return { own, modules };
}

/** Starts an attempt, or returns the one already in progress (reload, another device). */
export async function startAttempt(options: { quizId: string; userId: string; now?: Date; random?: Random }) {
  const now = options.now ?? new Date();
  const standing = await getQuizStanding({ quizId: options.quizId, userId: options.userId, now });
  if (!standing) throw new DomainError("Không tìm thấy bài kiểm tra.", { status: 404 });
  if (standing.inProgress) return { attemptId: standing.inProgress.id, resumed: true };
  if (standing.blocked?.reason === "max-attempts")
    throw new DomainError("Bạn đã dùng hết số lần làm bài cho phép.", { status: 409 });
  if (standing.blocked?.reason === "wait")
    throw new DomainError("Bạn cần chờ thêm trước khi làm lại bài.", { status: 409 });
  const { quiz } = standing;
  const { own, modules } = await loadPool(quiz);
  const drawn = drawQuestions({
    own,
    modules,
    settings: quiz.settings,
    random:
      options.random ??
      drawRandom({ seed: env.QUIZ_DRAW_SEED, quizId: quiz.id, attemptNumber: standing.attempts.length + 1 }),
  });
  const keyOf = new Map([...own, ...modules].map((q) => [q.id, q]));
  const layout: Layout = drawn.map((d) => {
    const q = keyOf.get(d.questionId)!;
    return {
      ...d,
      formIds: formIdsFor(d.optionOrder),
      type: readQuestionType(q.type),
      answer: readAnswer(q.answer),
      scoring: q.scoring,
    };
  });
  const attempt = await prisma.quizAttempt.create({
    data: {
      userId: options.userId,
      quizId: quiz.id,
      layout: JSON.stringify(layout),
      passPercent: quiz.settings.passPercent,
      startedAt: now,
      deadlineAt: quiz.settings.timeLimitMinutes
        ? new Date(now.getTime() + quiz.settings.timeLimitMinutes * 60_000)
        : null,
      maxPoints: layout.length,
    },
  });
  return { attemptId: attempt.id, resumed: false };
}

/**
 * Random ids for a question's options in this attempt's form, so that form values reveal nothing
 * of the bank's option ids. Distinct from each other and from every bank id by construction
 * (the "o" prefix and 40 random bits; a clash is simply drawn again).
 */
function formIdsFor(optionOrder: string[]) {
  const ids = new Set<string>();
  while (ids.size < optionOrder.length) {
    const id = `o${crypto.randomBytes(5).toString("hex")}`;
    if (!optionOrder.includes(id)) ids.add(id);
  }
  return [...ids];
}

/** A stored response (bank option ids) as the form shows it (this attempt's form ids). */
function toFormValue(value: AnswerValue, entry: Layout[number]): AnswerValue {
  const formId = (bankId: string) => entry.formIds[entry.optionOrder.indexOf(bankId)] ?? bankId;
  if (typeof value === "boolean") return value;
  return Array.isArray(value) ? value.map(formId) : formId(value);
}

type AttemptRow = {
  id: string;
  userId: string;
  quizId: string;
  status: string;
  layout: string;
  startedAt: Date;
  deadlineAt: Date | null;
  submittedAt: Date | null;
  maxPoints: number | bigint;
  passPercent: number;
  score: number | null;
  points: number | null;
  passed: boolean | null;
  timedOut: boolean;
  gradedAnswers: string | null;
  flagged: string;
};

/** The attempt if it is this user's. A raw statement: it is on the path of every save and submit. */
async function ownAttempt(attemptId: string, userId: string) {
  const rows = await prisma.$queryRaw<AttemptRow[]>`
    SELECT id, userId, quizId, status, layout, startedAt, deadlineAt, submittedAt, maxPoints, passPercent, score, points, passed, timedOut, gradedAnswers, flagged
    FROM QuizAttempt WHERE id = ${attemptId}`;
  const attempt = rows[0];
  // Someone else's attempt is indistinguishable from one that does not exist.
  if (!attempt || attempt.userId !== userId) throw new DomainError("Không tìm thấy bài làm.", { status: 404 });
  return {
    ...attempt,
    maxPoints: Number(attempt.maxPoints),
    layout: readLayout(attempt.layout),
    flagged: readFlagged(attempt.flagged),
  };
}

const isPastGrace = (deadlineAt: Date | null, now: Date) =>
  !!deadlineAt && now.getTime() > deadlineAt.getTime() + GRACE_MS;

/** What the learner needs to answer: prompts and options in the stored order, never the answers. */
/** Refuses (404) an attempt that is not this user's, as for one that does not exist. */
export async function requireOwnAttempt(options: { attemptId: string; userId: string }) {
  await ownAttempt(options.attemptId, options.userId);
}

export async function getAttemptForTaking(options: { attemptId: string; userId: string; now?: Date }) {
  const now = options.now ?? new Date();
  let attempt = await ownAttempt(options.attemptId, options.userId);
  if (attempt.status === "in_progress" && isPastGrace(attempt.deadlineAt, now)) {
    await submitAttempt({ attemptId: attempt.id, userId: options.userId, now });
    attempt = await ownAttempt(options.attemptId, options.userId);
  }
  const quizRow = await prisma.quiz.findUniqueOrThrow({ where: { id: attempt.quizId } });
  const quiz = { ...quizRow, settings: readSettings(quizRow.settings) };
  const questions = await prisma.question.findMany({
    where: { id: { in: attempt.layout.map((l) => l.questionId) } },
    select: { id: true, type: true, promptHtml: true, options: true },
  });
  const byId = new Map(questions.map((q) => [q.id, q]));
  const saved = await prisma.attemptAnswer.findMany({
    where: { attemptId: attempt.id },
    select: { questionId: true, response: true },
  });
  const entryOf = new Map(attempt.layout.map((l) => [l.questionId, l]));
  const responses = Object.fromEntries(
    saved.flatMap((a) => {
      const entry = entryOf.get(a.questionId);
      return entry ? [[a.questionId, toFormValue(readAnswer(a.response), entry)]] : [];
    }),
  );
  return {
    attempt: {
      id: attempt.id,
      status: attempt.status,
      startedAt: attempt.startedAt,
      deadlineAt: attempt.deadlineAt,
      quizId: attempt.quizId,
    },
    quiz: { id: quiz.id, title: quiz.title, courseId: quiz.courseId, passPercent: quiz.settings.passPercent },
    questions: attempt.layout.map(({ questionId, optionOrder, formIds }, index) => {
      const q = byId.get(questionId)!;
      const opts = new Map(readOptions(q.options).map((o) => [o.id, o]));
      return {
        number: index + 1,
        id: q.id,
        type: readQuestionType(q.type),
        promptHtml: q.promptHtml,
        // Under this attempt's form ids: the bank's ids never reach the page.
        options: optionOrder.flatMap((id, i) => {
          const option = opts.get(id);
          return option ? [{ id: formIds[i]!, html: option.html }] : [];
        }),
      };
    }),
    responses,
    flagged: attempt.flagged,
  };
}

/**
 * Each question's state for the navigator and the review step: answered (an ordering counts once
 * any option is placed) and flagged for review, from the responses as the page holds them.
 */
export function questionStates(options: {
  questions: { id: string; number: number }[];
  responses: Record<string, AnswerValue>;
  flagged: string[];
}) {
  return options.questions.map((q) => {
    const response = options.responses[q.id];
    const answered = Array.isArray(response) ? response.some(Boolean) : response !== undefined;
    return { id: q.id, number: q.number, answered, flagged: options.flagged.includes(q.id) };
  });
}

/**
 * Reads answers from a submitted form: `q:<id>` for single/true_false/multiple, and
 * `q:<id>:<optionId>` = position for ordering, option ids being this attempt's form ids; the
 * responses come back in bank ids, as they are stored and graded. Anything that does not belong
 * to the attempt is an error (`error`): nothing is saved from a tampered request. A learner's
 * mistake in one question (two options at the same position) is that question's error
 * (`questionErrors`, keyed `q:<id>`) and never costs the others, which are read as usual.
 */
export function readResponses(options: { formData: FormData; layout: Layout; types: Map<string, QuestionType> }): {
  responses: Map<string, AnswerValue>;
  questionErrors: Map<string, string>;
  error?: string;
} {
  const responses = new Map<string, AnswerValue>();
  const questionErrors = new Map<string, string>();
  const refuse = (error: string) => ({ responses, questionErrors, error });
  const layoutById = new Map(options.layout.map((l) => [l.questionId, l]));
  const orderingPositions = new Map<string, Map<string, number>>();
  for (const [key, raw] of options.formData.entries()) {
    if (!key.startsWith("q:")) continue;
    const value = String(raw);
    const [, questionId = "", optionId] = key.split(":");
    const entry = layoutById.get(questionId);
    const type = options.types.get(questionId);
    if (!entry || !type) return refuse("Có câu trả lời cho câu hỏi không thuộc bài làm này.");
    const bankId = (formId: string | undefined) =>
      formId === undefined ? undefined : entry.optionOrder[entry.formIds.indexOf(formId)];
    if (type === "ordering") {
      const option = bankId(optionId);
      if (!option) return refuse("Phương án không tồn tại.");
      if (!value) continue;
      const position = Number(value);
      if (!Number.isInteger(position) || position < 1 || position > entry.optionOrder.length)
        return refuse("Vị trí sắp xếp không hợp lệ.");
      const positions = orderingPositions.get(questionId) ?? new Map<string, number>();
      positions.set(option, position);
      orderingPositions.set(questionId, positions);
      continue;
    }
    if (optionId !== undefined) return refuse("Dữ liệu câu trả lời không hợp lệ.");
    if (type === "true_false") {
      if (value !== "true" && value !== "false") return refuse("Câu đúng/sai chỉ nhận Đúng hoặc Sai.");
      responses.set(questionId, value === "true");
    } else {
      const option = bankId(value);
      if (!option) return refuse("Phương án không tồn tại.");
      if (type === "multiple")
        responses.set(questionId, [...((responses.get(questionId) as string[] | undefined) ?? []), option]);
      else if (responses.has(questionId)) return refuse("Câu một đáp án chỉ nhận một lựa chọn.");
      else responses.set(questionId, option);
    }
  }
  for (const [questionId, positions] of orderingPositions) {
    const entry = layoutById.get(questionId)!;
    const used = [...positions.values()];
    if (new Set(used).size !== used.length) {
      questionErrors.set(`q:${questionId}`, "Mỗi vị trí chỉ được dùng cho một phương án.");
      continue;
    }
    // Stored position by position: a partly ordered question keeps "" where no option is placed,
    // so it is saved, shown again as it was, and graded like any other ordering (README, scoring).
    const sequence = entry.optionOrder.map(() => "");
    for (const [id, position] of positions) sequence[position - 1] = id;
    responses.set(questionId, sequence);
  }
  return { responses, questionErrors };
}

/** The question ids (not `q:` keys) a form had mistakes in. */
const erroredQuestionIds = (questionErrors: Map<string, string>) =>
  [...questionErrors.keys()].map((key) => key.slice(2));

function questionTypes(layout: Layout) {
  return new Map(layout.map((l) => [l.questionId, l.type]));
}

/** Saves answers while the attempt is open; after the deadline (plus grace) nothing is saved. */
export async function saveAnswers(options: { attemptId: string; userId: string; formData: FormData; now?: Date }) {
  const now = options.now ?? new Date();
  const attempt = await ownAttempt(options.attemptId, options.userId);
  if (attempt.status !== "in_progress")
    throw new DomainError("Bài làm đã được nộp, không thể sửa câu trả lời.", { status: 409 });
  if (isPastGrace(attempt.deadlineAt, now))
    throw new DomainError("Đã hết giờ làm bài: các câu trả lời lưu trước hạn sẽ được chấm.", { status: 409 });
  const { responses, questionErrors, error } = readResponses({
    formData: options.formData,
    layout: attempt.layout,
    types: questionTypes(attempt.layout),
  });
  if (error) throw new DomainError(error);
  const wholeForm = options.formData.get("complete") === "1";
  // The page's form carries every flag checkbox: the flags it sends are the full picture.
  if (wholeForm) {
    const inLayout = new Set(attempt.layout.map((l) => l.questionId));
    const flagged = options.formData
      .getAll("flag")
      .map(String)
      .filter((id) => inLayout.has(id));
    await prisma.quizAttempt.update({ where: { id: attempt.id }, data: { flagged: JSON.stringify(flagged) } });
  }
  await writeResponses({
    attemptId: attempt.id,
    responses,
    now,
    replaceAll: wholeForm,
    // A question with a mistake keeps what was saved for it before.
    keep: erroredQuestionIds(questionErrors),
  });
  return { saved: responses.size, questionErrors: Object.fromEntries(questionErrors) };
}

async function writeResponses(options: {
  attemptId: string;
  responses: Map<string, AnswerValue>;
  now: Date;
  replaceAll: boolean;
  keep?: string[];
}) {
  await prisma.$transaction([
    // A whole-form post (no JavaScript) is the full picture: cleared choices are cleared.
    ...(options.replaceAll
      ? [
          prisma.attemptAnswer.deleteMany({
            where: {
              attemptId: options.attemptId,
              questionId: { notIn: [...options.responses.keys(), ...(options.keep ?? [])] },
            },
          }),
        ]
      : []),
    ...[...options.responses].map(([questionId, value]) =>
      prisma.attemptAnswer.upsert({
        where: { attemptId_questionId: { attemptId: options.attemptId, questionId } },
        update: { response: JSON.stringify(value), savedAt: options.now },
        create: { attemptId: options.attemptId, questionId, response: JSON.stringify(value), savedAt: options.now },
      }),
    ),
  ]);
}

/**
 * Submits and grades, exactly once: the switch from in_progress to submitted is conditional,
 * so a double click, a replay or two devices racing change nothing after the first. Answers sent
 * with a late submission are ignored: it is graded on what was saved by the deadline.
 */
export async function submitAttempt(options: { attemptId: string; userId: string; formData?: FormData; now?: Date }) {
  const now = options.now ?? new Date();
  const attempt = await ownAttempt(options.attemptId, options.userId);
  if (attempt.status !== "in_progress") return { alreadySubmitted: true, attemptId: attempt.id };
  const late = isPastGrace(attempt.deadlineAt, now);
  // In time, a whole-form submission is the full picture; otherwise grade what was saved in time.
  let responses: Map<string, AnswerValue>;
  if (options.formData && !late) {
    const read = readResponses({
      formData: options.formData,
      layout: attempt.layout,
      types: questionTypes(attempt.layout),
    });
    if (read.error) throw new DomainError(read.error);
    responses = read.responses;
    // A question with a mistake at the deadline is graded on what was saved for it before.
    const keep = erroredQuestionIds(read.questionErrors);
    if (keep.length)
      for (const a of await prisma.attemptAnswer.findMany({
        where: { attemptId: attempt.id, questionId: { in: keep } },
      }))
        responses.set(a.questionId, readAnswer(a.response));
  } else {
    const saved = await prisma.attemptAnswer.findMany({ where: { attemptId: attempt.id } });
    const inTime = saved.filter(
      (a) => !attempt.deadlineAt || a.savedAt.getTime() <= attempt.deadlineAt.getTime() + GRACE_MS,
    );
    responses = new Map(inTime.map((a) => [a.questionId, readAnswer(a.response)]));
  }
  // Graded against the answer key stored when the attempt started.
  const pointsOf = new Map(attempt.layout.map((q) => [q.questionId, scoreResponse(q, responses.get(q.questionId))]));
  const points = [...pointsOf.values()].reduce((a, b) => a + b, 0);
  const { score, passed } = gradeTotals({ points, maxPoints: attempt.maxPoints, passPercent: attempt.passPercent });
  const submittedAt = sqliteDate(late && attempt.deadlineAt ? attempt.deadlineAt : now);
  const graded = attempt.layout.map((q) => ({
    questionId: q.questionId,
    response: responses.get(q.questionId) ?? null,
    points: pointsOf.get(q.questionId) ?? 0,
  }));
  // One conditional statement submits and stores the grade: atomic without a transaction, and a
  // second submission (double click, replay, another device) matches no row and changes nothing.
  // The enrolment's report facts (best exam, last activity) follow in the same transaction; a
  // recomputation from the attempts, so a losing second submission leaves them as they were.
  const [switched] = await prisma.$transaction([
    prisma.$executeRaw`
    UPDATE QuizAttempt
    SET status = 'submitted', submittedAt = ${submittedAt}, points = ${points}, score = ${score},
        passed = ${passed ? 1 : 0}, timedOut = ${late ? 1 : 0}, gradedAnswers = ${JSON.stringify(graded)}
    WHERE id = ${attempt.id} AND status = 'in_progress'`,
    prisma.$executeRaw(refreshEnrollmentFactsSql({ userId: options.userId, quizId: attempt.quizId })),
  ]);
  const won = switched === 1;
  return { alreadySubmitted: !won, attemptId: attempt.id, score, passed };
}

/** Submits attempts whose time ran out while nobody was looking, on what was saved in time. */
export async function finalizeExpiredAttempts(options: { userId: string; quizId?: string; now?: Date }) {
  const now = options.now ?? new Date();
  const expired = await prisma.quizAttempt.findMany({
    where: {
      userId: options.userId,
      status: "in_progress",
      deadlineAt: { lt: new Date(now.getTime() - GRACE_MS) },
      ...(options.quizId ? { quizId: options.quizId } : {}),
    },
    select: { id: true },
  });
  for (const a of expired) await submitAttempt({ attemptId: a.id, userId: options.userId, now });
}

/** The result and, as the quiz allows, the review: right answers and explanations. */
export async function getAttemptResult(options: { attemptId: string; userId: string }) {
  const attempt = await ownAttempt(options.attemptId, options.userId);
  if (attempt.status !== "submitted") return null;
  const quiz = await prisma.quiz.findUniqueOrThrow({ where: { id: attempt.quizId } });
  const settings = readSettings(quiz.settings);
  const everPassed =
    (await prisma.quizAttempt.count({ where: { userId: options.userId, quizId: quiz.id, passed: true } })) > 0;
  const showAnswers =
    settings.showAnswers === "after_each_attempt" || (settings.showAnswers === "after_passing" && everPassed);
  const questions = await prisma.question.findMany({ where: { id: { in: attempt.layout.map((l) => l.questionId) } } });
  const byId = new Map(questions.map((q) => [q.id, q]));
  const graded = new Map(readGradedAnswers(attempt.gradedAnswers).map((a) => [a.questionId, a]));
  const lessons = new Map(
    (
      await prisma.lesson.findMany({
        where: { id: { in: questions.map((q) => q.lessonId) } },
        select: { id: true, slug: true, title: true, courseId: true },
      })
    ).map((l) => [l.id, l]),
  );
  const review = attempt.layout.map(({ questionId, optionOrder }, index) => {
    const q = byId.get(questionId)!;
    const answer = graded.get(questionId);
    const opts = new Map(readOptions(q.options).map((o) => [o.id, o]));
    const lesson = lessons.get(q.lessonId);
    const points = answer?.points ?? 0;
    return {
      number: index + 1,
      type: readQuestionType(q.type),
      promptHtml: q.promptHtml,
      options: optionOrder.map((id) => opts.get(id)!).filter(Boolean),
      response: answer?.response ?? null,
      points,
      lesson: lesson ? { href: `/courses/${lesson.courseId}/${lesson.slug}`, title: lesson.title } : null,
      ...(showAnswers ? { correct: attempt.layout[index]!.answer, explanationHtml: q.explanationHtml } : {}),
    };
  });
  return {
    attempt: {
      id: attempt.id,
      score: attempt.score ?? 0,
      passed: !!attempt.passed,
      points: attempt.points ?? 0,
      maxPoints: attempt.maxPoints,
      submittedAt: attempt.submittedAt!,
      timedOut: attempt.timedOut,
    },
    quiz: {
      id: quiz.id,
      title: quiz.title,
      courseId: quiz.courseId,
      passPercent: settings.passPercent,
      showAnswers: settings.showAnswers,
    },
    showAnswers,
    review,
  };
}

/** The course an attempt belongs to. */
export async function getAttemptCourse(attemptId: string) {
  const attempt = await prisma.quizAttempt.findUnique({
    where: { id: attemptId },
    select: { quiz: { select: { courseId: true } } },
  });
  return attempt?.quiz.courseId ?? null;
}
