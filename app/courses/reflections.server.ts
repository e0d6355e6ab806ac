import { z } from "zod";

import { reflectionAnswerMarker, sharedReflectionMarker } from "~/content/mdx-components";
import { prisma } from "~/db.server";
import { stripControls } from "~/utils/forms";
import { escapeHtml } from "~/utils/html";

export const ReflectionSchema = z.object({
  reflectionId: z
    .string()
    .max(100, "Câu hỏi suy ngẫm không hợp lệ.")
    .regex(/^[a-z0-9-]+$/, "Câu hỏi suy ngẫm không hợp lệ."),
  answer: z
    .string()
    .max(5000, "Câu trả lời dài quá 5.000 ký tự.")
    .transform((s) => stripControls(s, { keepLines: true }).normalize("NFC").trim()),
});

/** Fills each reflection's textarea with the viewer's saved answer (escaped), or leaves it empty. */
export function fillReflectionAnswers(html: string, answers: Map<string, string>) {
  return html.replace(/__REFLECTION_ANSWER_([a-z0-9-]+)__/g, (_, id: string) => escapeHtml(answers.get(id) ?? ""));
}

export async function getReflectionAnswers(options: { userId: string; lessonId: string }) {
  const notes = await prisma.reflectionNote.findMany({ where: options, select: { reflectionId: true, answer: true } });
  return new Map(notes.map((n) => [n.reflectionId, n.answer]));
}

/** Saves (or clears, when empty) a learner's private answer; only reflections the lesson has. */
export async function saveReflection(options: {
  userId: string;
  lesson: { id: string; html: string };
  reflectionId: string;
  answer: string;
}) {
  if (!options.lesson.html.includes(reflectionAnswerMarker(options.reflectionId)))
    return { ok: false as const, message: "Bài học không có câu hỏi suy ngẫm này." };
  const key = { userId: options.userId, lessonId: options.lesson.id, reflectionId: options.reflectionId };
  if (!options.answer) {
    await prisma.reflectionNote.deleteMany({ where: key });
    return { ok: true as const };
  }
  // Shared only if the learner saved it under the "shared with giảng viên" label (read from the built HTML).
  const sharedWithTrainer = options.lesson.html.includes(sharedReflectionMarker(options.reflectionId));
  await prisma.reflectionNote.upsert({
    where: { userId_lessonId_reflectionId: key },
    update: { answer: options.answer, sharedWithTrainer },
    create: { ...key, answer: options.answer, sharedWithTrainer },
  });
  return { ok: true as const };
}
