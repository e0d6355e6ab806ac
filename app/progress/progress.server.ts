import { issueFirstCertificate, repairMissingCertificates } from "~/certificates/issue.server";
import { readCompletionRule } from "~/content/stored.server";
import { cachedPerBuild } from "~/content/version.server";
import { prisma, sqliteDate } from "~/db.server";
import { isCourseComplete, progressPercent } from "~/progress/rules";
import { startAttempt } from "~/quizzes/attempts.server";
import { refreshEnrollmentFacts, refreshEnrollmentFactsSql } from "~/quizzes/enrollment-facts.server";
import { quizPath } from "~/quizzes/paths";
import { DomainError, isUniqueViolation } from "~/utils/errors";

/**
 * Enrolment, lesson progress and course completion. Completion is evaluated in the request that
 * met the last condition (a lesson marked done, a quiz passed): no background job, and every
 * view — the learner's and the managers' — reads the same CourseCompletion records.
 */

export async function enroll(options: {
  userId: string;
  courseId: string;
  source?: "self" | "assigned";
  dueAt?: Date | null;
}) {
  const enrollment = await prisma.enrollment.upsert({
    where: { userId_courseId: { userId: options.userId, courseId: options.courseId } },
    update: options.source === "assigned" ? { source: "assigned", dueAt: options.dueAt ?? null } : {},
    create: {
      userId: options.userId,
      courseId: options.courseId,
      source: options.source ?? "self",
      dueAt: options.dueAt ?? null,
    },
  });
  // Someone may have read lessons before being enrolled (an assignment reaching them later):
  // the enrolment starts with their earliest activity, so reports never call them "not started".
  // Its report facts (completion, exam, last activity) likewise come from what is already there.
  if (!enrollment.startedAt) {
    await backfillStartedAt(options);
    await refreshEnrollmentFacts(prisma, options);
  }
  return enrollment;
}

async function backfillStartedAt(options: { userId: string; courseId: string }) {
  await prisma.$executeRaw`UPDATE "Enrollment" SET "startedAt" = (
      SELECT MIN(lp."startedAt") FROM "LessonProgress" lp JOIN "Lesson" l ON l."id" = lp."lessonId"
      WHERE lp."userId" = ${options.userId} AND l."courseId" = ${options.courseId})
    WHERE "userId" = ${options.userId} AND "courseId" = ${options.courseId} AND "startedAt" IS NULL`;
}

/**
 * Records the first learning activity on the enrolment (Enrollment.startedAt), which the reports
 * read as "đang học". One indexed update that matches nothing once set.
 */
export async function markStarted(options: { userId: string; courseId: string; at?: Date }) {
  await prisma.$executeRaw`UPDATE "Enrollment" SET "startedAt" = ${sqliteDate(options.at ?? new Date())}
    WHERE "userId" = ${options.userId} AND "courseId" = ${options.courseId} AND "startedAt" IS NULL`;
}

/**
 * When the learner completed a lesson, if they did. A read only: opening a page (a GET, perhaps a
 * link followed from another site) must change nothing a later page would show. On the lesson
 * page's path, so a raw statement.
 */
export async function lessonCompletedAt(options: { userId: string; lessonId: string }) {
  const rows = await prisma.$queryRaw<
    { completedAt: Date | null }[]
  >`SELECT completedAt FROM LessonProgress WHERE userId = ${options.userId} AND lessonId = ${options.lessonId}`;
  return rows[0]?.completedAt ?? null;
}

/**
 * Marks a lesson started ("Đang học"), once: called by the lesson's own forms (a saved reflection),
 * never by viewing it. Completing a lesson records both at once.
 */
export async function markLessonStarted(options: { userId: string; lessonId: string; courseId: string }) {
  const now = new Date();
  // Learning in a course puts it on /me: a lesson reached from search or a shared link, never through
  // "Bắt đầu học", must not leave progress that the catalogue shows and the dashboard does not.
  await enroll({ userId: options.userId, courseId: options.courseId });
  const [inserted] = await prisma.$transaction([
    prisma.$executeRaw`INSERT OR IGNORE INTO LessonProgress (userId, lessonId, startedAt) VALUES (${options.userId}, ${options.lessonId}, ${sqliteDate(now)})`,
    // Last activity, for the reports: in the same transaction as the progress it reflects.
    prisma.$executeRaw(refreshEnrollmentFactsSql(options)),
  ]);
  // Only a lesson's first start can start a course: later saves cost no extra write.
  if (inserted) await markStarted({ userId: options.userId, courseId: options.courseId, at: now });
}

export type IndexState = "done" | "started";

/**
 * The learner's state of every lesson and quiz of a course for the course index beside a lesson:
 * one statement on the lesson page's path (the outline itself is cached per content build).
 * A lesson is "started" once a reflection was saved, "done" once marked; a quiz is "done" once
 * passed, "started" once submitted. What is missing is not started.
 */
export async function courseIndexStates(options: { userId: string; courseId: string }) {
  const rows = await prisma.$queryRaw<{ id: string; state: IndexState }[]>`
    SELECT lp."lessonId" AS "id", CASE WHEN lp."completedAt" IS NULL THEN 'started' ELSE 'done' END AS "state"
      FROM "LessonProgress" lp JOIN "Lesson" l ON l."id" = lp."lessonId"
      WHERE lp."userId" = ${options.userId} AND l."courseId" = ${options.courseId}
    UNION ALL
    SELECT a."quizId" AS "id", CASE WHEN SUM(CASE WHEN a."passed" THEN 1 ELSE 0 END) > 0 THEN 'done' ELSE 'started' END AS "state"
      FROM "QuizAttempt" a JOIN "Quiz" q ON q."id" = a."quizId"
      WHERE a."userId" = ${options.userId} AND q."courseId" = ${options.courseId} AND a."status" = 'submitted'
      GROUP BY a."quizId"`;
  return Object.fromEntries(rows.map((r) => [r.id, r.state])) as Record<string, IndexState>;
}

/** Marks a lesson done (once: a second time changes nothing), then checks the course. */
export async function completeLesson(options: { userId: string; lessonId: string; courseId: string; now?: Date }) {
  const now = options.now ?? new Date();
  await enroll({ userId: options.userId, courseId: options.courseId });
  await markStarted({ userId: options.userId, courseId: options.courseId, at: now });
  const existing = await prisma.lessonProgress.findUnique({
    where: { userId_lessonId: { userId: options.userId, lessonId: options.lessonId } },
  });
  const write = !existing
    ? prisma.lessonProgress.create({
        data: { userId: options.userId, lessonId: options.lessonId, startedAt: now, completedAt: now },
      })
    : !existing.completedAt
      ? prisma.lessonProgress.update({
          where: { userId_lessonId: { userId: options.userId, lessonId: options.lessonId } },
          data: { completedAt: now },
        })
      : null;
  // The enrolment's last activity moves with the lesson, in one transaction.
  if (write) await prisma.$transaction([write, prisma.$executeRaw(refreshEnrollmentFactsSql(options))]);
  return recordCompletionIfDone({ userId: options.userId, courseId: options.courseId, now });
}

type CourseState = NonNullable<Awaited<ReturnType<typeof getCourseState>>>;

/** Everything a learner has done in a course, against the course as it is now. */
export async function getCourseState(options: { userId: string; courseId: string }) {
  const states = await getCourseStates({ userId: options.userId, courseIds: [options.courseId] });
  return states.get(options.courseId) ?? null;
}

/** Courses, their published lessons in order and their quizzes, per content build (key: sorted ids). */
const courseStructure = cachedPerBuild(async (key: string) => {
  const courses = await prisma.course.findMany({
    where: { id: { in: key.split(",") } },
    select: { id: true, title: true, version: true, completionRule: true, hours: true },
  });
  const ids = courses.map((c) => c.id);
  const [lessons, quizzes] = await Promise.all([
    prisma.lesson.findMany({
      where: {
        courseId: { in: ids },
        removedAt: null,
        retiredAt: null,
        status: "published",
        module: { removedAt: null, retiredAt: null, status: "published" },
      },
      orderBy: { position: "asc" },
      select: { id: true, slug: true, title: true, moduleId: true, courseId: true },
    }),
    prisma.quiz.findMany({
      // A retired module's quiz no longer counts, like its lessons (README "Retiring a module").
      where: { courseId: { in: ids }, removedAt: null, OR: [{ moduleId: null }, { module: { retiredAt: null } }] },
      select: { id: true, kind: true, moduleId: true, title: true, courseId: true },
    }),
  ]);
  return { courses, lessons, quizzes };
});

/**
 * Everything a learner has done in several courses, in a fixed number of queries however many
 * courses there are (the catalogue and /me show them all at once).
 */
export async function getCourseStates(options: { userId: string; courseIds: string[] }) {
  const { userId, courseIds } = options;
  if (!courseIds.length) return new Map<string, never>();
  // What the courses consist of changes only with a content build; only the learner's rows are read per request.
  const { courses, lessons, quizzes } = await courseStructure([...courseIds].sort().join(","));
  const ids = courses.map((c) => c.id);
  const lessonIds = new Set(lessons.map((l) => l.id));
  const [attempts, enrollments, completions, allProgress] = await Promise.all([
    prisma.quizAttempt.findMany({
      where: { userId, status: "submitted", quiz: { courseId: { in: ids } } },
      select: { quizId: true, score: true, passed: true },
    }),
    prisma.enrollment.findMany({ where: { userId, courseId: { in: ids } } }),
    prisma.courseCompletion.findMany({
      where: { userId, courseId: { in: ids } },
      orderBy: { completedAt: "desc" },
      include: { certificates: { where: { revokedAt: null }, select: { serial: true } } },
    }),
    prisma.lessonProgress.findMany({
      where: { userId, lesson: { courseId: { in: ids } } },
      select: { lessonId: true, startedAt: true, completedAt: true },
    }),
  ]);
  const progress = allProgress.filter((p) => lessonIds.has(p.lessonId));
  const progressOf = new Map(progress.map((p) => [p.lessonId, p]));
  const quizState = (quizId: string) => {
    const mine = attempts.filter((a) => a.quizId === quizId);
    return {
      passed: mine.some((a) => a.passed),
      best: mine.reduce<number | null>((b, a) => (a.score !== null && (b === null || a.score > b) ? a.score : b), null),
      tried: mine.length > 0,
    };
  };
  const states = courses.map((course) => {
    const lessonStates = lessons
      .filter((l) => l.courseId === course.id)
      .map(({ courseId: _courseId, ...l }) => {
        const p = progressOf.get(l.id);
        return {
          ...l,
          status: p?.completedAt ? ("done" as const) : p ? ("started" as const) : ("not-started" as const),
          completed: !!p?.completedAt,
        };
      });
    const courseQuizzes = quizzes.filter((q) => q.courseId === course.id).map(({ courseId: _courseId, ...q }) => q);
    const moduleQuizzes = courseQuizzes.filter((q) => q.kind === "module").map((q) => ({ ...q, ...quizState(q.id) }));
    const examQuiz = courseQuizzes.find((q) => q.kind === "exam");
    const exam = examQuiz ? { ...examQuiz, ...quizState(examQuiz.id) } : null;
    const rule = readCompletionRule(course.completionRule);
    return {
      course,
      rule,
      lessons: lessonStates,
      moduleQuizzes,
      exam,
      enrollment: enrollments.find((e) => e.courseId === course.id) ?? null,
      // Newest first: the completion of the latest version the learner finished.
      completion: completions.find((c) => c.courseId === course.id) ?? null,
      percent: progressPercent({ rule, lessons: lessonStates, moduleQuizzes, exam }),
    };
  });
  return new Map(states.map((state) => [state.course.id, state]));
}

/**
 * What a learner still has to do before the final exam opens: the completion rule's other
 * conditions (its lessons, its module quizzes), unless the course says `examOpens: always`.
 * Empty when the exam is open.
 */
export function examGateMissing(state: CourseState) {
  if (state.rule.examOpens === "always") return [];
  const lessons =
    state.rule.lessons === "all"
      ? state.lessons
          .filter((l) => !l.completed)
          .map((l) => ({ href: `/courses/${state.course.id}/${l.slug}`, title: l.title, kind: "lesson" as const }))
      : [];
  const quizzes =
    state.rule.moduleQuizzes === "pass"
      ? state.moduleQuizzes
          .filter((q) => !q.passed)
          .map((q) => ({
            href: quizPath({ id: q.id, courseId: state.course.id }),
            title: q.title,
            kind: "quiz" as const,
          }))
      : [];
  return [...lessons, ...quizzes];
}

/** The exam gate of one learner in one course (see examGateMissing). */
export async function getExamGate(options: { userId: string; courseId: string }) {
  const state = await getCourseState(options);
  return state ? examGateMissing(state) : [];
}

/**
 * Starts (or resumes) an attempt of a course's quiz. The final exam opens only when the rest of the
 * course is done (examGateMissing): a direct POST is refused before any attempt is used.
 */
export async function startQuizAttempt(options: { quizId: string; kind: string; courseId: string; userId: string }) {
  if (options.kind === "exam" && (await getExamGate({ userId: options.userId, courseId: options.courseId })).length)
    throw new DomainError("Bài thi cuối khóa chưa mở: hãy hoàn thành các bài học và bài kiểm tra chương trước.", {
      status: 403,
    });
  return startAttempt({ quizId: options.quizId, userId: options.userId });
}

/** The first thing left to do, in teaching order: a lesson, then its module's quiz, then the exam. */
export function nextStep(state: CourseState) {
  for (const [i, lesson] of state.lessons.entries()) {
    if (!lesson.completed)
      return { href: `/courses/${state.course.id}/${lesson.slug}`, title: lesson.title, kind: "lesson" as const };
    const lastOfModule = state.lessons[i + 1]?.moduleId !== lesson.moduleId;
    const quiz = lastOfModule ? state.moduleQuizzes.find((q) => q.moduleId === lesson.moduleId) : undefined;
    if (quiz && !quiz.passed)
      return {
        href: quizPath({ id: quiz.id, courseId: state.course.id }),
        title: quiz.title,
        kind: "quiz" as const,
      };
  }
  if (state.exam && !state.exam.passed)
    return {
      href: quizPath({ id: state.exam.id, courseId: state.course.id }),
      title: state.exam.title,
      kind: "quiz" as const,
    };
  return null;
}

/**
 * Records the completion the moment the rule is met, and issues the certificate in the same
 * transaction: a crash cannot leave a completion without its certificate. Two requests racing
 * here (two devices submitting the final exam) both evaluate, one insert wins the unique
 * (user, course, version) key, and the certificate's own unique key makes issuance exactly once.
 */
export async function recordCompletionIfDone(options: {
  userId: string;
  courseId: string;
  now?: Date;
  /** The submitted attempt being evaluated, if a quiz (not a lesson) may be the last condition. */
  attemptId?: string;
}) {
  const state = await getCourseState(options);
  if (!state) return null;
  // Called after every submitted quiz: a quiz taken before any lesson also starts the course, and
  // enrols the learner if nothing else did (a quiz opened from a link).
  if (!state.enrollment?.startedAt && (state.exam?.tried || state.moduleQuizzes.some((q) => q.tried))) {
    if (!state.enrollment) await enroll({ userId: options.userId, courseId: state.course.id });
    await markStarted({ userId: options.userId, courseId: state.course.id, at: options.now });
  }
  const key = { userId: options.userId, courseId: state.course.id, courseVersion: state.course.version };
  // Completed once, completed for good: later content changes never take it back.
  const current = await prisma.courseCompletion.findUnique({ where: { userId_courseId_courseVersion: key } });
  if (current) {
    // Idempotent (one lookup): repairs a completion left without its certificate by an older version.
    await issueFirstCertificate({ completionId: current.id });
    return { completion: current, newlyCompleted: false };
  }
  if (
    !isCourseComplete({
      rule: state.rule,
      lessons: state.lessons,
      moduleQuizzes: state.moduleQuizzes,
      exam: state.exam,
    })
  )
    return null;
  let completion;
  let newlyCompleted = true;
  try {
    completion = await prisma.$transaction(async (tx) => {
      const created = await tx.courseCompletion.create({
        data: {
          ...key,
          completedAt: options.now ?? new Date(),
          finalScore: state.exam?.best ?? null,
          attemptId: options.attemptId ?? null,
        },
      });
      await issueFirstCertificate({ db: tx, completionId: created.id });
      // The report facts see the completion committed with it, or not at all.
      await refreshEnrollmentFacts(tx, { userId: options.userId, courseId: state.course.id });
      return created;
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    newlyCompleted = false;
    completion = await prisma.courseCompletion.findUniqueOrThrow({ where: { userId_courseId_courseVersion: key } });
  }
  return { completion, newlyCompleted };
}

/** The learner's courses for /me: progress, next step, due date, completion and certificate. */
export async function listMyCourses(userId: string) {
  // The dashboard is where a learner looks for a certificate: repair one that is missing first.
  await repairMissingCertificates({ userId });
  const enrollments = await prisma.enrollment.findMany({ where: { userId }, orderBy: { enrolledAt: "desc" } });
  const completions = await prisma.courseCompletion.findMany({ where: { userId }, select: { courseId: true } });
  const courseIds = [...new Set([...enrollments.map((e) => e.courseId), ...completions.map((c) => c.courseId)])];
  const states = await getCourseStates({ userId, courseIds });
  return courseIds.flatMap((courseId) => {
    const state = states.get(courseId);
    return state
      ? [{ ...state, next: nextStep(state), dueAt: enrollments.find((e) => e.courseId === courseId)?.dueAt ?? null }]
      : [];
  });
}

/** Recent graded attempts, newest first. */
export async function recentResults(userId: string, take = 5) {
  return prisma.quizAttempt.findMany({
    where: { userId, status: "submitted" },
    orderBy: { submittedAt: "desc" },
    take,
    select: {
      id: true,
      score: true,
      passed: true,
      submittedAt: true,
      quiz: { select: { title: true, courseId: true } },
    },
  });
}
