import { readBuildProblems } from "~/content/stored.server";
import { prisma } from "~/db.server";

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
