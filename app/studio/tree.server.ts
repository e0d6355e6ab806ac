import { prisma } from "~/db.server";
import type { LessonState } from "~/studio/states";

/** A lesson's state in the studio, from its live version and its newest one. */
export function lessonState(options: {
  retired: boolean;
  status: string;
  publishedNumber: number | null;
  latestNumber: number | null;
}): LessonState {
  if (options.retired) return "retired";
  if (options.publishedNumber === null) return "draft";
  if ((options.latestNumber ?? 0) > options.publishedNumber) return "changed";
  return options.status === "published" ? "published" : "draft";
}

/** The course tree for the studio: courses, modules, lessons with their state, quiz banks. */
export async function studioTree() {
  const courses = await prisma.course.findMany({
    where: { removedAt: null },
    orderBy: { position: "asc" },
    select: {
      id: true,
      title: true,
      status: true,
      treeEditedAt: true,
      modules: {
        where: { removedAt: null },
        orderBy: { position: "asc" },
        select: {
          id: true,
          slug: true,
          title: true,
          status: true,
          retiredAt: true,
          lessons: {
            where: { removedAt: null },
            orderBy: { position: "asc" },
            select: {
              id: true,
              slug: true,
              title: true,
              status: true,
              retiredAt: true,
              publishedVersion: { select: { number: true } },
              versions: { orderBy: { number: "desc" }, take: 1, select: { number: true } },
            },
          },
        },
      },
    },
  });
  const quizzes = await prisma.quiz.findMany({
    where: { removedAt: null },
    select: {
      id: true,
      courseId: true,
      moduleId: true,
      kind: true,
      title: true,
      _count: { select: { questions: { where: { removedAt: null } } } },
    },
  });
  const quizView = (q: (typeof quizzes)[number]) => ({
    title: q.title,
    questions: q._count.questions,
    statsHref: `/courses/${q.courseId}/quizzes/${q.kind === "exam" ? "exam" : q.id.split("/")[1]}/stats`,
    /** The bank editor; it links to the statistics page too. */
    editHref: `/studio/courses/${q.courseId}/quizzes/${q.kind === "exam" ? "exam" : q.id.split("/")[1]}`,
  });
  return courses.map((c) => ({
    id: c.id,
    title: c.title,
    status: c.status,
    treeEdited: !!c.treeEditedAt,
    exam: quizzes.filter((q) => q.courseId === c.id && q.kind === "exam").map(quizView)[0] ?? null,
    modules: c.modules.map((m) => ({
      id: m.id,
      slug: m.slug,
      title: m.title,
      status: m.status,
      retired: !!m.retiredAt,
      quiz: quizzes.filter((q) => q.moduleId === m.id).map(quizView)[0] ?? null,
      lessons: m.lessons.map((l) => ({
        id: l.id,
        slug: l.slug,
        title: l.title,
        state: lessonState({
          retired: !!l.retiredAt,
          status: l.status,
          publishedNumber: l.publishedVersion?.number ?? null,
          latestNumber: l.versions[0]?.number ?? null,
        }),
      })),
    })),
  }));
}
