import { z } from "zod";

import { reflectionAnswerMarker, reflectionStatusMarker, sharedReflectionMarker } from "~/content/mdx-components";
import { prisma } from "~/db.server";
import { stripControls } from "~/utils/forms";
import { escapeHtml } from "~/utils/html";

const ReflectionId = z
  .string()
  .max(100, "Câu hỏi suy ngẫm không hợp lệ.")
  .regex(/^[a-z0-9-]+$/, "Câu hỏi suy ngẫm không hợp lệ.");

export const ReflectionSchema = z.object({
  reflectionId: ReflectionId,
  answer: z
    .string()
    .max(5000, "Câu trả lời dài quá 5.000 ký tự.")
    .transform((s) => stripControls(s, { keepLines: true }).normalize("NFC").trim()),
});

/** "Xóa bài viết", confirmed: the only way a saved answer is deleted. */
export const ReflectionDeleteSchema = z.object({ reflectionId: ReflectionId });

/**
 * What the last request did to one reflection, read from the redirect's query (`?suy-ngam=<id>&kq=…`):
 * saved; left as it was because the box was empty; asked to confirm a deletion; deleted.
 */
export type ReflectionOutcome = "saved" | "empty" | "confirm-delete" | "deleted";
export const REFLECTION_OUTCOMES = ["saved", "empty", "confirm-delete", "deleted"] as const;

export function reflectionOutcomeFrom(url: URL): { reflectionId: string; outcome: ReflectionOutcome } | null {
  const reflectionId = url.searchParams.get("suy-ngam") ?? url.searchParams.get("saved");
  const outcome = url.searchParams.has("saved") ? "saved" : url.searchParams.get("kq");
  if (!reflectionId || !ReflectionId.safeParse(reflectionId).success) return null;
  const known = REFLECTION_OUTCOMES.find((o) => o === outcome);
  return known ? { reflectionId, outcome: known } : null;
}

export function reflectionOutcomeHref(options: { pathname: string; reflectionId: string; outcome: ReflectionOutcome }) {
  return `${options.pathname}?suy-ngam=${options.reflectionId}&kq=${options.outcome}#suy-ngam-${options.reflectionId}`;
}

/** The markup that goes after one reflection's form: the outcome message and, for a saved answer, "Xóa bài viết". */
function statusHtml(options: {
  reflectionId: string;
  saved: string | undefined;
  outcome: ReflectionOutcome | null;
  pathname: string;
}) {
  const { reflectionId: id, saved, outcome } = options;
  const parts: string[] = [];
  const status = (kind: "success" | "info", text: string) =>
    parts.push(`<p class="alert alert-${kind} reflection-status" role="status">${text}</p>`);
  if (outcome === "saved" && saved) status("success", "Đã lưu câu trả lời của bạn.");
  if (outcome === "empty")
    status(
      "info",
      saved
        ? "Ô trả lời đang trống nên không có gì được lưu: câu trả lời đã lưu trước đó vẫn được giữ nguyên (hiện lại trong ô). Muốn xóa hẳn, bấm “Xóa bài viết”."
        : "Ô trả lời đang trống: chưa có gì để lưu.",
    );
  if (outcome === "deleted" && !saved) status("success", "Đã xóa câu trả lời của bạn.");
  if (outcome === "confirm-delete" && saved) {
    parts.push(
      `<form method="post" class="reflection-confirm card" action="${escapeHtml(options.pathname)}">` +
        `<p role="status"><strong>Xóa câu trả lời đã lưu (${saved.length.toLocaleString("vi-VN")} ký tự)?</strong> Sau khi xóa không khôi phục được.</p>` +
        `<input type="hidden" name="intent" value="reflection-delete"/>` +
        `<input type="hidden" name="reflectionId" value="${id}"/>` +
        `<button type="submit" class="button button-small button-danger">Xóa bài viết</button> ` +
        `<a href="${escapeHtml(options.pathname)}#suy-ngam-${id}">Giữ lại</a>` +
        `</form>`,
    );
  } else if (saved) {
    // A GET link: asking to delete writes nothing; the confirmation above does.
    parts.push(
      `<p class="reflection-delete"><a href="${escapeHtml(
        reflectionOutcomeHref({ pathname: options.pathname, reflectionId: id, outcome: "confirm-delete" }),
      )}">Xóa bài viết</a></p>`,
    );
  }
  return parts.join("");
}

/**
 * Fills each reflection's textarea with the viewer's saved answer (escaped), or leaves it empty, and
 * the place after its form with what happened to it (nothing for a preview).
 */
export function fillReflectionAnswers(
  html: string,
  answers: Map<string, string>,
  status?: { pathname: string; reflectionId: string | null; outcome: ReflectionOutcome | null },
) {
  return html
    .replace(/__REFLECTION_ANSWER_([a-z0-9-]+)__/g, (_, id: string) => escapeHtml(answers.get(id) ?? ""))
    .replace(/__REFLECTION_STATUS_([a-z0-9-]+)__/g, (_, id: string) =>
      status
        ? statusHtml({
            reflectionId: id,
            saved: answers.get(id),
            outcome: status.reflectionId === id ? status.outcome : null,
            pathname: status.pathname,
          })
        : "",
    );
}

/** Whether the compiled lesson places reflection messages beside each reflection (built since pipeline 2). */
export const hasReflectionStatusSlot = (html: string, reflectionId: string) =>
  html.includes(reflectionStatusMarker(reflectionId));

export async function getReflectionAnswers(options: { userId: string; lessonId: string }) {
  const notes = await prisma.reflectionNote.findMany({ where: options, select: { reflectionId: true, answer: true } });
  return new Map(notes.map((n) => [n.reflectionId, n.answer]));
}

function lessonHasReflection(lesson: { html: string }, reflectionId: string) {
  return lesson.html.includes(reflectionAnswerMarker(reflectionId));
}

/**
 * Saves a learner's private answer; only reflections the lesson has. An empty box never deletes
 * what was saved (a select-all + typo must not cost a long answer): it answers "empty", and
 * deleting is its own confirmed action (`deleteReflection`).
 */
export async function saveReflection(options: {
  userId: string;
  lesson: { id: string; html: string };
  reflectionId: string;
  answer: string;
}) {
  if (!lessonHasReflection(options.lesson, options.reflectionId))
    return { ok: false as const, message: "Bài học không có câu hỏi suy ngẫm này." };
  const key = { userId: options.userId, lessonId: options.lesson.id, reflectionId: options.reflectionId };
  if (!options.answer) return { ok: true as const, outcome: "empty" as const };
  // Shared only if the learner saved it under the "shared with giảng viên" label (read from the built HTML).
  const sharedWithTrainer = options.lesson.html.includes(sharedReflectionMarker(options.reflectionId));
  await prisma.reflectionNote.upsert({
    where: { userId_lessonId_reflectionId: key },
    update: { answer: options.answer, sharedWithTrainer },
    create: { ...key, answer: options.answer, sharedWithTrainer },
  });
  return { ok: true as const, outcome: "saved" as const };
}

/** Deletes a saved answer, after the learner confirmed "Xóa bài viết". */
export async function deleteReflection(options: {
  userId: string;
  lesson: { id: string; html: string };
  reflectionId: string;
}) {
  if (!lessonHasReflection(options.lesson, options.reflectionId))
    return { ok: false as const, message: "Bài học không có câu hỏi suy ngẫm này." };
  await prisma.reflectionNote.deleteMany({
    where: { userId: options.userId, lessonId: options.lesson.id, reflectionId: options.reflectionId },
  });
  return { ok: true as const, outcome: "deleted" as const };
}
