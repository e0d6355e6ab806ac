import { hasRole } from "~/auth/roles";
import { readHeadings, readStringList } from "~/content/stored.server";
import { cachedPerBuild } from "~/content/version.server";
import { explainTermsInPlace, termIdsIn } from "~/courses/glossary";
import { prisma } from "~/db.server";
import { quizPath } from "~/quizzes/paths";

/**
 * Catalogue, course outlines and lesson pages. Drafts (a draft course, module or lesson) and
 * removed content are invisible to learners; trainers and administrators see drafts, marked.
 */

type Viewer = { roles: readonly string[] } | null;

export function canSeeDrafts(viewer: Viewer) {
  return !!viewer && hasRole(viewer, "TRAINER", "ADMIN");
}

function visibleLessonWhere(viewer: Viewer) {
  return canSeeDrafts(viewer)
    ? { removedAt: null, retiredAt: null, module: { removedAt: null, retiredAt: null } }
    : {
        removedAt: null,
        retiredAt: null,
        status: "published",
        module: { removedAt: null, retiredAt: null, status: "published" },
      };
}

function visibleCourseWhere(viewer: Viewer) {
  return canSeeDrafts(viewer) ? { removedAt: null } : { removedAt: null, status: "published" };
}

/**
 * The catalogue is content: the same for everyone who may see drafts and for everyone who may not,
 * so it is cached per content build (per-learner progress is added by the caller).
 */
export async function listCourses(viewer: Viewer) {
  return cachedCourseList(canSeeDrafts(viewer) ? "drafts" : "published");
}

const cachedCourseList = cachedPerBuild((visibility: string) =>
  loadCourseList(visibility === "drafts" ? { roles: ["TRAINER"] } : null),
);

async function loadCourseList(viewer: Viewer) {
  const courses = await prisma.course.findMany({
    where: visibleCourseWhere(viewer),
    orderBy: { position: "asc" },
    select: {
      id: true,
      title: true,
      description: true,
      hours: true,
      estimatedMinutes: true,
      status: true,
      audience: true,
      _count: { select: { lessons: { where: visibleLessonWhere(viewer) } } },
    },
  });
  return courses.map(({ _count, ...c }) => ({ ...c, lessonCount: _count.lessons }));
}

export async function findVisibleCourse(options: { courseSlug: string; viewer: Viewer }) {
  return prisma.course.findFirst({
    where: { id: options.courseSlug, ...visibleCourseWhere(options.viewer) },
    select: { id: true, title: true },
  });
}

/** A course outline is content too: cached per content build, like the catalogue and lessons. */
export async function getCourseOutline(options: { courseSlug: string; viewer: Viewer }) {
  return cachedOutline(`${canSeeDrafts(options.viewer) ? "drafts" : "published"}/${options.courseSlug}`);
}

const cachedOutline = cachedPerBuild(async (key: string) => {
  const [visibility, courseSlug = ""] = key.split("/");
  return loadCourseOutline({ courseSlug, viewer: visibility === "drafts" ? { roles: ["TRAINER"] } : null });
});

async function loadCourseOutline(options: { courseSlug: string; viewer: Viewer }) {
  const course = await prisma.course.findFirst({
    where: { id: options.courseSlug, ...visibleCourseWhere(options.viewer) },
  });
  if (!course) return null;
  const modules = await prisma.module.findMany({
    where: {
      courseId: course.id,
      removedAt: null,
      retiredAt: null,
      ...(canSeeDrafts(options.viewer) ? {} : { status: "published" }),
    },
    orderBy: { position: "asc" },
    select: {
      id: true,
      title: true,
      description: true,
      status: true,
      lessons: {
        where: visibleLessonWhere(options.viewer),
        orderBy: { position: "asc" },
        select: { id: true, slug: true, title: true, description: true, estimatedMinutes: true, status: true },
      },
    },
  });
  const quizzes = await prisma.quiz.findMany({
    where: { courseId: course.id, removedAt: null },
    select: { id: true, kind: true, moduleId: true, title: true },
  });
  const quizLink = (q: (typeof quizzes)[number]) => ({
    title: q.title,
    href: quizPath({ id: q.id, courseId: course.id }),
  });
  return {
    exam: quizzes.filter((q) => q.kind === "exam").map(quizLink)[0] ?? null,
    course: {
      id: course.id,
      title: course.title,
      description: course.description,
      objectives: readStringList(course.objectives),
      hours: course.hours,
      audience: course.audience,
      estimatedMinutes: course.estimatedMinutes,
      status: course.status,
      introHtml: course.introHtml,
    },
    modules: modules.map((m) => {
      const quiz = quizzes.find((q) => q.moduleId === m.id);
      return { ...m, quiz: quiz ? quizLink(quiz) : null };
    }),
  };
}

/**
 * A lesson page's content: the same for everyone who may see drafts and for everyone who may not,
 * so it is cached per content build (the most visited page then costs no query for its content).
 */
export async function getLessonPage(options: { courseSlug: string; lessonSlug: string; viewer: Viewer }) {
  const drafts = canSeeDrafts(options.viewer);
  // Slugs are [a-z0-9-], so "/" cannot occur in them and the key splits back unambiguously.
  return cachedLessonPage(`${drafts ? "drafts" : "published"}/${options.courseSlug}/${options.lessonSlug}`);
}

const cachedLessonPage = cachedPerBuild(async (key: string) => {
  const [visibility, courseSlug = "", lessonSlug = ""] = key.split("/");
  return loadLessonPage({ courseSlug, lessonSlug, viewer: visibility === "drafts" ? { roles: ["TRAINER"] } : null });
});

async function loadLessonPage(options: { courseSlug: string; lessonSlug: string; viewer: Viewer }) {
  const course = await prisma.course.findFirst({
    where: { id: options.courseSlug, ...visibleCourseWhere(options.viewer) },
    select: { id: true, title: true },
  });
  if (!course) return null;
  const lessons = await prisma.lesson.findMany({
    where: { courseId: course.id, ...visibleLessonWhere(options.viewer) },
    orderBy: { position: "asc" },
    select: { id: true, slug: true, title: true, moduleId: true },
  });
  const index = lessons.findIndex((l) => l.slug === options.lessonSlug);
  if (index === -1) return null;
  const lesson = await prisma.lesson.findUniqueOrThrow({
    where: { id: lessons[index]!.id },
    include: { module: { select: { id: true, title: true, position: true } } },
  });
  const moduleLessons = lessons.filter((l) => l.moduleId === lesson.moduleId);
  const isLastInModule = moduleLessons.at(-1)?.id === lesson.id;
  const moduleQuiz = isLastInModule
    ? await prisma.quiz.findFirst({
        where: { moduleId: lesson.moduleId, removedAt: null },
        select: { id: true, kind: true, title: true },
      })
    : null;
  const termIds = termIdsIn(lesson.html);
  const terms = termIds.length
    ? await prisma.glossaryTerm.findMany({
        where: { id: { in: termIds } },
        select: { id: true, term: true, definition: true },
      })
    : [];
  return {
    course,
    module: { title: lesson.module.title, position: lesson.module.position },
    lesson: {
      id: lesson.id,
      slug: lesson.slug,
      title: lesson.title,
      description: lesson.description,
      objectives: readStringList(lesson.objectives),
      estimatedMinutes: lesson.estimatedMinutes,
      status: lesson.status,
      html: explainTermsInPlace(lesson.html, new Map(terms.map((t) => [t.id, t]))),
      headings: readHeadings(lesson.headings),
      readingMinutes: Math.max(1, Math.round(lesson.wordCount / 200)),
      numberInModule: moduleLessons.findIndex((l) => l.id === lesson.id) + 1,
    },
    moduleQuiz: moduleQuiz
      ? { title: moduleQuiz.title, href: quizPath({ id: moduleQuiz.id, courseId: course.id }) }
      : null,
    previous: index > 0 ? { slug: lessons[index - 1]!.slug, title: lessons[index - 1]!.title } : null,
    next: index < lessons.length - 1 ? { slug: lessons[index + 1]!.slug, title: lessons[index + 1]!.title } : null,
    position: { index: index + 1, total: lessons.length },
  };
}

export async function listGlossary(viewer: Viewer) {
  const terms = await prisma.glossaryTerm.findMany({
    include: {
      usages: {
        where: { lesson: visibleLessonWhere(viewer) },
        include: { lesson: { select: { slug: true, title: true, courseId: true } } },
      },
    },
  });
  const collator = new Intl.Collator("vi");
  return terms
    .sort((a, b) => collator.compare(a.term, b.term))
    .map((t) => ({
      id: t.id,
      term: t.term,
      definition: t.definition,
      lessons: t.usages.map((u) => ({ href: `/courses/${u.lesson.courseId}/${u.lesson.slug}`, title: u.lesson.title })),
    }));
}

export type CourseIndex = {
  modules: {
    id: string;
    position: number;
    title: string;
    lessons: { id: string; slug: string; title: string }[];
    quiz: { id: string; title: string; href: string } | null;
  }[];
  exam: { id: string; title: string; href: string } | null;
};

/**
 * The course outline a lesson page shows beside the lesson: content only, the same for every
 * viewer of one visibility, so cached per content build; the learner's states come separately.
 */
export async function getCourseIndex(options: { courseSlug: string; viewer: Viewer }) {
  const drafts = canSeeDrafts(options.viewer);
  return cachedCourseIndex(`${drafts ? "drafts" : "published"}/${options.courseSlug}`);
}

const cachedCourseIndex = cachedPerBuild(async (key: string): Promise<CourseIndex | null> => {
  const [visibility, courseSlug = ""] = key.split("/");
  const viewer = visibility === "drafts" ? { roles: ["TRAINER"] } : null;
  const course = await prisma.course.findFirst({
    where: { id: courseSlug, ...visibleCourseWhere(viewer) },
    select: { id: true },
  });
  if (!course) return null;
  const [modules, quizzes] = await Promise.all([
    prisma.module.findMany({
      where: { courseId: course.id, removedAt: null, ...(canSeeDrafts(viewer) ? {} : { status: "published" }) },
      orderBy: { position: "asc" },
      select: {
        id: true,
        title: true,
        lessons: {
          where: visibleLessonWhere(viewer),
          orderBy: { position: "asc" },
          select: { id: true, slug: true, title: true },
        },
      },
    }),
    prisma.quiz.findMany({
      where: { courseId: course.id, removedAt: null },
      select: { id: true, kind: true, moduleId: true, title: true },
    }),
  ]);
  const link = (q: (typeof quizzes)[number]) => ({
    id: q.id,
    title: q.title,
    href: quizPath({ id: q.id, courseId: course.id }),
  });
  const exam = quizzes.find((q) => q.kind === "exam");
  return {
    modules: modules.map((m, i) => {
      const quiz = quizzes.find((q) => q.moduleId === m.id);
      return { ...m, position: i + 1, quiz: quiz ? link(quiz) : null };
    }),
    exam: exam ? link(exam) : null,
  };
});
