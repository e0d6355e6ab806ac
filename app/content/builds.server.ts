import { readBuildProblems } from "~/content/stored.server";
import { prisma } from "~/db.server";
import { quizPath } from "~/quizzes/paths";

/** Recent content builds with their progress and problems, newest first, for the trainers' page. */
export async function listRecentBuilds(take = 5) {
  const builds = await prisma.contentBuild.findMany({ orderBy: { id: "desc" }, take });
  return builds.map((b) => ({
    id: b.id,
    startedAt: b.startedAt,
    finishedAt: b.finishedAt,
    total: b.total,
    done: b.compiled + b.unchanged + b.failed,
    compiled: b.compiled,
    unchanged: b.unchanged,
    failed: b.failed,
    problems: readBuildProblems(b.problems),
  }));
}

/** What trainers work on: every course with its drafts and quizzes. */
export async function listTrainerCourses() {
  const courses = await prisma.course.findMany({
    where: { removedAt: null },
    orderBy: { position: "asc" },
    select: {
      id: true,
      title: true,
      status: true,
      lessons: {
        where: { removedAt: null },
        select: { slug: true, title: true, status: true, wordCount: true },
        orderBy: { position: "asc" },
      },
    },
  });
  const quizzes = await prisma.quiz.findMany({
    where: { removedAt: null },
    select: {
      id: true,
      courseId: true,
      kind: true,
      title: true,
      _count: { select: { questions: { where: { removedAt: null } } } },
    },
  });
  return courses.map((c) => ({
    ...c,
    drafts: c.lessons.filter((l) => l.status === "draft"),
    quizzes: quizzes
      .filter((q) => q.courseId === c.id)
      .map((q) => ({
        title: q.title,
        questions: q._count.questions,
        statsHref: `${quizPath(q)}/stats`,
      })),
  }));
}
