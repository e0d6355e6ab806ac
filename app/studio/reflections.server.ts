import { sharedReflectionMarker } from "~/content/mdx-components";
import { prisma } from "~/db.server";

/**
 * Learners' reflections that trainers may read: only answers saved while the lesson marked the
 * reflection `<Reflection shared>` (ReflectionNote.sharedWithTrainer), and only while the live
 * lesson still shares it. A private answer never leaves this function, whatever the lesson says now.
 */
export async function listSharedReflections(lesson: { id: string; html: string }) {
  const notes = await prisma.reflectionNote.findMany({
    where: { lessonId: lesson.id, sharedWithTrainer: true },
    orderBy: [{ reflectionId: "asc" }, { updatedAt: "desc" }],
    select: {
      id: true,
      reflectionId: true,
      answer: true,
      updatedAt: true,
      user: { select: { fullName: true, unit: { select: { name: true } } } },
    },
  });
  const shared = notes.filter((n) => lesson.html.includes(sharedReflectionMarker(n.reflectionId)));
  return shared.map((n) => ({
    id: n.id,
    reflectionId: n.reflectionId,
    answer: n.answer,
    updatedAt: n.updatedAt,
    learner: n.user.fullName,
    unit: n.user.unit.name,
  }));
}

/** The ids of the reflections a lesson shares with trainers, in the order they appear. */
export function sharedReflectionIds(html: string) {
  return [...html.matchAll(/data-shared-reflection="([a-z0-9-]+)"/g)].map((m) => m[1]!);
}
